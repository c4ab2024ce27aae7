using System;
using System.Text;

namespace MatCarv.Analyzers.Internals.Secrets;

/// <summary>
/// Vendor formats with a fixed prefix or structure (gitleaks' default rules and vendors' published token formats).
/// A fixed prefix gives near-zero false positives, hence MCV1002 is an error.
/// </summary>
internal static class KnownSecretFormats
{
    /// <summary>No format below is shorter than this; shorter literals are skipped without further work.</summary>
    public const int MinimumLength = 20;

    /// <summary>
    /// The catalogue. Each entry: a message name, literal prefixes (a cheap pre-filter), the documented shape (regex) and an
    /// entropy floor on the match, and a structure check where the format has one (checksum, decodable header). Sources are the
    /// vendors' published token formats, cross-checked with gitleaks' default rules (github.com/gitleaks/gitleaks,
    /// cmd/generate/config/rules/*.go) where the vendor documents the prefix only.
    /// </summary>
    public static readonly SecretFormat[] All =
    {
        // RFC 7468 PEM; OpenSSH, PKCS#1/#8 and encrypted private keys all say "PRIVATE KEY".
        new("private key", new[] { "PRIVATE KEY" },
            @"-----BEGIN[ A-Z0-9_-]{0,100}PRIVATE KEY(?: BLOCK)?-----(?<body>[\s\S]{0,20000}?)-----END[ A-Z0-9_-]{0,100}PRIVATE KEY(?: BLOCK)?-----",
            0, IsRealPemBody),
        // Google Cloud service-account key file (JSON with "type": "service_account" and a private key).
        new("GCP service-account key", new[] { "service_account" }, @"""type""\s*:\s*""service_account""", 0, HasPrivateKeyField, wholeText: true),
        // GitHub: ghp_ (classic PAT), gho_ (OAuth), ghu_/ghs_ (app user/server), ghr_ (refresh); 30 random + 6 CRC-32 checksum.
        new("GitHub token", new[] { "ghp_", "gho_", "ghu_", "ghs_", "ghr_" }, @"\b(?:ghp|gho|ghu|ghs|ghr)_[0-9A-Za-z]{36}\b", 3.0, TokenChecksums.HasValidCrc32),
        // GitHub fine-grained PAT (docs.github.com: "github_pat_" prefix).
        new("GitHub fine-grained token", new[] { "github_pat_" }, @"\bgithub_pat_[0-9A-Za-z_]{82}\b", 3.0),
        // GitLab (docs.gitlab.com, "Token prefixes"): personal, deploy, runner authentication, pipeline trigger tokens.
        new("GitLab token", new[] { "glpat-", "gldt-", "glrt-", "glptt-", "glsoat-", "glcbt-" },
            @"\b(?:glpat|gldt|glrt|glsoat|glcbt)-[0-9A-Za-z_-]{20,}\b|\bglptt-[0-9a-f]{40}\b", 3.0),
        // npm granular/automation tokens: npm_ + 30 random + 6 CRC-32 checksum (same scheme as GitHub).
        new("npm token", new[] { "npm_" }, @"\bnpm_[A-Za-z0-9]{36}\b", 3.0, TokenChecksums.HasValidCrc32),
        // PyPI API tokens are macaroons whose base64 header names pypi.org (pypi.org/help/#apitoken).
        new("PyPI token", new[] { "pypi-AgEIcHlwaS5vcmc" }, @"pypi-AgEIcHlwaS5vcmc[A-Za-z0-9_-]{50,}", 3.0),
        // Docker Hub personal access tokens (docs.docker.com, "Access tokens": dckr_pat_ prefix).
        new("Docker Hub token", new[] { "dckr_pat_", "dckr_oat_" }, @"\bdckr_(?:pat|oat)_[A-Za-z0-9_-]{27,}(?![A-Za-z0-9_-])", 3.0),
        // Slack (api.slack.com/authentication/token-types): xoxb bot, xoxp user, xoxa/xoxr/xoxs/xoxe, xapp app-level tokens.
        new("Slack token", new[] { "xoxb-", "xoxp-", "xoxa-", "xoxr-", "xoxs-", "xoxe-", "xapp-" },
            @"\bxox[bparse]-[0-9]{8,13}-[0-9A-Za-z-]{10,}|\bxapp-\d-[A-Z0-9]+-\d+-[a-z0-9]+", 3.0),
        new("Slack webhook URL", new[] { "hooks.slack.com/" }, @"hooks\.slack\.com/(?:services|workflows|triggers)/[A-Za-z0-9+/]{43,56}", 3.5),
        // Stripe (docs.stripe.com/keys): secret and restricted keys, live and test mode alike; webhook signing secrets.
        new("Stripe live key", new[] { "sk_live_", "rk_live_", "sk_prod_", "rk_prod_" }, @"\b(?:sk|rk)_(?:live|prod)_[0-9A-Za-z]{16,247}\b", 3.0),
        new("Stripe test key", new[] { "sk_test_", "rk_test_" }, @"\b(?:sk|rk)_test_[0-9A-Za-z]{16,247}\b", 3.0),
        new("Stripe webhook signing secret", new[] { "whsec_" }, @"\bwhsec_[A-Za-z0-9+/=]{24,}(?![A-Za-z0-9+/=])", 3.0),
        // Google API keys (cloud.google.com/docs/authentication/api-keys) and OAuth client secrets (GOCSPX-).
        new("Google API key", new[] { "AIza" }, @"\bAIza[0-9A-Za-z_-]{35}(?![0-9A-Za-z_-])", 3.5),
        new("Google OAuth client secret", new[] { "GOCSPX-" }, @"\bGOCSPX-[0-9A-Za-z_-]{28}(?![0-9A-Za-z_-])", 3.0),
        new("signed JWT", new[] { "eyJ" }, @"\beyJ[A-Za-z0-9_-]{15,}\.eyJ[A-Za-z0-9_-]{15,}\.[A-Za-z0-9_-]{10,}", 3.0, IsSignedJwt),
        // SendGrid (docs.sendgrid.com, API keys: "SG." + 22 + "." + 43).
        new("SendGrid API key", new[] { "SG." }, @"\bSG\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}(?![A-Za-z0-9_-])", 3.0),
        // Mailgun private API keys ("key-" + 32 hex, the format of keys issued before 2023).
        new("Mailgun API key", new[] { "key-" }, @"(?<![A-Za-z0-9_-])key-[a-f0-9]{32}\b", 3.0),
        // New Relic (docs.newrelic.com, "New Relic API keys"): user keys NRAK-, insert keys NRII-, browser keys NRJS-,
        // license keys ending in NRAL.
        new("New Relic key", new[] { "NRAK-", "NRII-", "NRJS-", "NRAL" },
            @"\bNRAK-[A-Z0-9]{27}\b|\bNRII-[A-Za-z0-9_-]{32}(?![A-Za-z0-9_-])|\bNRJS-[a-f0-9]{19}\b|\b[A-Za-z0-9]{36}NRAL\b", 3.0),
        // Honeycomb ingest keys (docs.honeycomb.io, "API keys": hcaik_/hcxik_ prefixes).
        new("Honeycomb ingest key", new[] { "hcaik_", "hcxik_" }, @"\bhc[ax]ik_[a-z0-9]{58}\b", 3.0),
        // HashiCorp Vault service and batch tokens (developer.hashicorp.com/vault/docs/concepts/tokens: hvs./hvb. prefixes).
        new("HashiCorp Vault token", new[] { "hvs.", "hvb." }, @"\bhvs\.[A-Za-z0-9_-]{90,120}(?![A-Za-z0-9_-])|\bhvb\.[A-Za-z0-9_-]{138,300}(?![A-Za-z0-9_-])", 3.5),
        new("OpenAI API key", new[] { "T3BlbkFJ" }, @"\bsk-(?:proj-|svcacct-|admin-)?[A-Za-z0-9_-]{20,}T3BlbkFJ[A-Za-z0-9_-]{20,}", 3.0),
        new("Anthropic API key", new[] { "sk-ant-" }, @"\bsk-ant-(?:api|admin)\d{2}-[A-Za-z0-9_-]{80,}", 3.0),
        // Azure: storage account keys and Service Bus/Event Hubs shared access keys in connection strings, SAS signatures,
        // Entra ID client secrets (three characters, a digit, "Q~", then 31–34 characters).
        new("Azure storage account key", new[] { "AccountKey=" }, @"AccountKey=[A-Za-z0-9+/]{86}==", 4.0),
        new("Azure shared access key", new[] { "SharedAccessKey=" }, @"SharedAccessKey=[A-Za-z0-9+/]{43}=", 4.0),
        new("Azure SAS signature", new[] { "sig=" }, @"(?:^|[?&;])sig=[A-Za-z0-9%+/]{40,100}", 3.5, IsSasToken, wholeText: true),
        new("Azure client secret", new[] { "Q~" }, @"(?<![A-Za-z0-9_~.-])[A-Za-z0-9_~.]{3}\dQ~[A-Za-z0-9_~.-]{31,34}(?![A-Za-z0-9_~.-])", 3.5),
        new("Shopify token", new[] { "shpat_", "shpca_", "shppa_", "shpss_" }, @"\bshp(?:at|ca|pa|ss)_[a-fA-F0-9]{32}\b", 3.0),
        new("Hugging Face token", new[] { "hf_" }, @"\bhf_[A-Za-z]{34}\b", 3.5),
        new("Discord webhook URL", new[] { "/api/webhooks/" }, @"discord(?:app)?\.com/api/webhooks/[0-9]{17,20}/[A-Za-z0-9_-]{60,}", 3.5),
        new("Square token", new[] { "sq0atp-", "sq0csp-" }, @"\bsq0atp-[0-9A-Za-z_-]{22}\b|\bsq0csp-[0-9A-Za-z_-]{43}\b", 3.0),
        new("age secret key", new[] { "AGE-SECRET-KEY-1" }, @"AGE-SECRET-KEY-1[QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L]{58}", 3.0),
        new("DigitalOcean token", new[] { "dop_v1_", "doo_v1_" }, @"\bdo[op]_v1_[a-f0-9]{64}\b", 3.0),
        new("Telegram bot token", new[] { ":AA" }, @"\b[0-9]{8,10}:AA[0-9A-Za-z_-]{33}(?![0-9A-Za-z_-])", 3.0),
        // Other vendors' documented prefixes (gitleaks rules of the same names).
        new("Databricks token", new[] { "dapi" }, @"\bdapi[a-f0-9]{32}(?:-\d)?\b", 3.0),
        new("Grafana token", new[] { "glc_", "glsa_" }, @"\bglc_[A-Za-z0-9+/]{32,400}={0,3}|\bglsa_[A-Za-z0-9]{32}_[A-Fa-f0-9]{8}\b", 3.0),
        new("Postman API key", new[] { "PMAK-" }, @"\bPMAK-[a-f0-9]{24}-[a-f0-9]{34}\b", 3.0),
        new("Linear API key", new[] { "lin_api_" }, @"\blin_api_[A-Za-z0-9]{40}\b", 3.0),
        new("Doppler token", new[] { "dp.pt." }, @"\bdp\.pt\.[A-Za-z0-9]{43}\b", 3.0),
        new("Pulumi token", new[] { "pul-" }, @"\bpul-[a-f0-9]{40}\b", 3.0),
        new("Atlassian API token", new[] { "ATATT3" }, @"\bATATT3[A-Za-z0-9_=-]{186}", 3.0),
        new("Sentry token", new[] { "sntrys_", "sntryu_" }, @"\bsntrys_eyJ[A-Za-z0-9+/=_]{40,}|\bsntryu_[a-f0-9]{64}\b", 3.0),
        new("Brevo API key", new[] { "xkeysib-" }, @"\bxkeysib-[a-f0-9]{64}-[A-Za-z0-9]{16}\b", 3.0),
        new("Heroku API key", new[] { "HRKU-AA" }, @"\bHRKU-AA[0-9A-Za-z_-]{58}\b", 3.0),
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

    /// <summary>A service-account key file carries its private key (the PEM itself may be escaped as "\\n" inside JSON).</summary>
    private static bool HasPrivateKeyField(string text) =>
        text.IndexOf("\"private_key\"", StringComparison.Ordinal) >= 0 && text.IndexOf("PRIVATE KEY", StringComparison.Ordinal) >= 0;

    /// <summary>A shared access signature: a signature next to the SAS version parameter (learn.microsoft.com, "Create a service SAS").</summary>
    private static bool IsSasToken(string text) => text.IndexOf("sv=", StringComparison.Ordinal) >= 0;

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
