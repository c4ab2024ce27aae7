using System;
using System.Text;

namespace MatCarv.Analyzers.Internals;

/// <summary>
/// Vendor formats with a fixed prefix or structure (gitleaks' default rules and vendors' published token formats).
/// A fixed prefix gives near-zero false positives, hence MCV1002 is an error.
/// </summary>
internal static class KnownSecretFormats
{
    /// <summary>No format below is shorter than this; shorter literals are skipped without further work.</summary>
    public const int MinimumLength = 20;

    public static readonly SecretFormat[] All =
    {
        new("private key", new[] { "PRIVATE KEY" },
            @"-----BEGIN[ A-Z0-9_-]{0,100}PRIVATE KEY(?: BLOCK)?-----(?<body>[\s\S]{0,20000}?)-----END[ A-Z0-9_-]{0,100}PRIVATE KEY(?: BLOCK)?-----",
            0, IsRealPemBody),
        new("GitHub token", new[] { "ghp_", "gho_", "ghu_", "ghs_", "ghr_" }, @"\b(?:ghp|gho|ghu|ghs|ghr)_[0-9A-Za-z]{36}\b", 3.0),
        new("GitHub fine-grained token", new[] { "github_pat_" }, @"\bgithub_pat_[0-9A-Za-z_]{82}\b", 3.0),
        new("GitLab token", new[] { "glpat-", "gldt-", "glrt-", "glptt-" }, @"\b(?:glpat|gldt|glrt)-[0-9A-Za-z_-]{20}\b|\bglptt-[0-9a-f]{40}\b", 3.0),
        new("npm token", new[] { "npm_" }, @"\bnpm_[A-Za-z0-9]{36}\b", 3.0),
        new("Slack token", new[] { "xoxb-", "xoxp-", "xoxa-", "xoxr-", "xoxs-", "xoxe-", "xapp-" },
            @"\bxox[bparse]-[0-9]{10,13}-[0-9A-Za-z-]{10,}|\bxapp-\d-[A-Z0-9]+-\d+-[a-z0-9]+", 3.0),
        new("Slack webhook URL", new[] { "hooks.slack.com/" }, @"hooks\.slack\.com/(?:services|workflows|triggers)/[A-Za-z0-9+/]{43,56}", 3.5),
        new("Stripe live key", new[] { "sk_live_", "rk_live_" }, @"\b(?:sk|rk)_live_[0-9A-Za-z]{10,99}\b", 2.0),
        new("Google API key", new[] { "AIza" }, @"\bAIza[0-9A-Za-z_-]{35}(?![0-9A-Za-z_-])", 3.5),
        new("signed JWT", new[] { "eyJ" }, @"\beyJ[A-Za-z0-9_-]{15,}\.eyJ[A-Za-z0-9_-]{15,}\.[A-Za-z0-9_-]{10,}", 3.0, IsSignedJwt),
        new("SendGrid API key", new[] { "SG." }, @"\bSG\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}(?![A-Za-z0-9_-])", 3.0),
        new("OpenAI API key", new[] { "T3BlbkFJ" }, @"\bsk-(?:proj-|svcacct-|admin-)?[A-Za-z0-9_-]{20,}T3BlbkFJ[A-Za-z0-9_-]{20,}", 3.0),
        new("Anthropic API key", new[] { "sk-ant-" }, @"\bsk-ant-(?:api|admin)\d{2}-[A-Za-z0-9_-]{80,}", 3.0),
        new("Azure storage account key", new[] { "AccountKey=" }, @"AccountKey=[A-Za-z0-9+/]{86}==", 4.0),
        new("Azure shared access key", new[] { "SharedAccessKey=" }, @"SharedAccessKey=[A-Za-z0-9+/]{43}=", 4.0),
        new("PyPI token", new[] { "pypi-AgEIcHlwaS5vcmc" }, @"pypi-AgEIcHlwaS5vcmc[A-Za-z0-9_-]{50,}", 3.0),
        new("Shopify token", new[] { "shpat_", "shpca_", "shppa_", "shpss_" }, @"\bshp(?:at|ca|pa|ss)_[a-fA-F0-9]{32}\b", 3.0),
        new("Hugging Face token", new[] { "hf_" }, @"\bhf_[A-Za-z]{34}\b", 3.5),
        new("Discord webhook URL", new[] { "/api/webhooks/" }, @"discord(?:app)?\.com/api/webhooks/[0-9]{17,20}/[A-Za-z0-9_-]{60,}", 3.5),
        new("Square token", new[] { "sq0atp-", "sq0csp-" }, @"\bsq0atp-[0-9A-Za-z_-]{22}\b|\bsq0csp-[0-9A-Za-z_-]{43}\b", 3.0),
        new("age secret key", new[] { "AGE-SECRET-KEY-1" }, @"AGE-SECRET-KEY-1[QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L]{58}", 3.0),
        new("DigitalOcean token", new[] { "dop_v1_", "doo_v1_" }, @"\bdo[op]_v1_[a-f0-9]{64}\b", 3.0),
        new("Telegram bot token", new[] { ":AA" }, @"\b[0-9]{8,10}:AA[0-9A-Za-z_-]{33}(?![0-9A-Za-z_-])", 3.0),
    };

    /// <summary>The first recognised secret in the text, as (format name, matched text).</summary>
    public static (string Format, string Match)? Find(string text)
    {
        if (text.Length < MinimumLength)
        {
            return null;
        }

        foreach (var format in All)
        {
            var match = format.FindIn(text);
            if (match is not null)
            {
                return (format.Name, match);
            }
        }

        return null;
    }

    /// <summary>A real key body is 64+ base64 characters of high entropy, not "..." or "&lt;your key here&gt;".</summary>
    private static bool IsRealPemBody(string pem)
    {
        var start = pem.IndexOf("-----", 10, StringComparison.Ordinal);
        var end = pem.LastIndexOf("-----END", StringComparison.Ordinal);
        if (start < 0 || end <= start)
        {
            return false;
        }

        var builder = new StringBuilder(end - start);
        for (var i = start + 5; i < end; i++)
        {
            var c = pem[i];
            if (char.IsLetterOrDigit(c) || c == '+' || c == '/' || c == '=')
            {
                builder.Append(c);
            }
            else if (c == '.' || c == '<' || c == '*')
            {
                return false;
            }
        }

        var body = builder.ToString();
        return body.Length >= 64 && SecretValueClassifier.ShannonEntropy(body) >= 4.5
            && body.IndexOf("EXAMPLE", StringComparison.OrdinalIgnoreCase) < 0;
    }

    /// <summary>A signed JWT: the header decodes to JSON naming an algorithm other than "none", and a signature follows.</summary>
    private static bool IsSignedJwt(string token)
    {
        var dot = token.IndexOf('.');
        if (dot <= 0)
        {
            return false;
        }

        var header = DecodeBase64Url(token.Substring(0, dot));
        if (header is null || header.IndexOf("\"alg\"", StringComparison.Ordinal) < 0)
        {
            return false;
        }

        var compact = header.Replace(" ", string.Empty);
        return compact.IndexOf("\"alg\":\"none\"", StringComparison.OrdinalIgnoreCase) < 0;
    }

    private static string? DecodeBase64Url(string segment)
    {
        var s = segment.Replace('-', '+').Replace('_', '/');
        switch (s.Length % 4)
        {
            case 2:
                s += "==";
                break;
            case 3:
                s += "=";
                break;
            case 1:
                return null;
        }

        try
        {
            return Encoding.UTF8.GetString(Convert.FromBase64String(s));
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
