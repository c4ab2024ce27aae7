using System;
using System.Text;

namespace MatCarv.Analyzers.Internals.Secrets;

/// <summary>
/// Values of HTTP <c>Authorization</c> headers (RFC 9110 §11.6.2: <c>scheme credentials</c>) and HTTP Basic credentials
/// (RFC 7617: base64 of <c>user:password</c>).
/// </summary>
internal static class AuthorizationValue
{
    private static readonly string[] Schemes = { "Bearer", "Basic", "Token", "Bot", "SSWS", "ApiKey", "Api-Key", "GenieKey", "Splunk" };

    /// <summary>Splits "Bearer abc…" into scheme and credential; false when the text does not start with a known scheme and a space.</summary>
    public static bool TryParse(string text, out string scheme, out string credential)
    {
        foreach (var candidate in Schemes)
        {
            if (text.Length > candidate.Length + 1 && text.StartsWith(candidate, StringComparison.OrdinalIgnoreCase) && text[candidate.Length] == ' ')
            {
                scheme = candidate;
                credential = text.Substring(candidate.Length + 1).Trim();
                return credential.Length > 0 && !SecretValueClassifier.ContainsWhitespace(credential);
            }
        }

        scheme = string.Empty;
        credential = string.Empty;
        return false;
    }

    public static bool IsBasic(string scheme) => string.Equals(scheme, "Basic", StringComparison.OrdinalIgnoreCase);

    /// <summary>The password of a base64 <c>user:password</c> credential, or null.</summary>
    public static string? DecodeBasicPassword(string credential)
    {
        if (credential.Length < 8 || credential.Length % 4 != 0)
        {
            return null;
        }

        try
        {
            var decoded = Encoding.UTF8.GetString(Convert.FromBase64String(credential));
            return SplitUserPassword(decoded);
        }
        catch (FormatException)
        {
            return null;
        }
    }

    /// <summary>The password of a <c>user:password</c> pair (no spaces, one colon, both parts present), or null.</summary>
    public static string? SplitUserPassword(string text)
    {
        var colon = text.IndexOf(':');
        if (colon <= 0 || colon == text.Length - 1 || text.IndexOf(':', colon + 1) >= 0 || SecretValueClassifier.ContainsWhitespace(text))
        {
            return null;
        }

        foreach (var c in text)
        {
            if (char.IsControl(c))
            {
                return null;
            }
        }

        return text.Substring(colon + 1);
    }
}
