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

    /// <summary>
    /// What a Basic credential decodes to when it is not <c>user:password</c>: the key of <c>key:</c> or <c>:key</c> (vendors
    /// that take an API key as the user name or the password, e.g. Stripe, Mailgun's <c>api:</c>… shape aside), or the credential
    /// itself when it is not base64 of text at all (an opaque token issued to be sent as Basic). Null for a <c>user:password</c>
    /// pair (judged by <see cref="DecodeBasicPassword"/>).
    /// </summary>
    public static string? OpaqueBasicSecret(string credential)
    {
        string decoded;
        try
        {
            if (credential.Length % 4 != 0)
            {
                return credential;
            }

            var bytes = Convert.FromBase64String(credential);
            decoded = Encoding.UTF8.GetString(bytes);
        }
        catch (FormatException)
        {
            return credential;
        }

        foreach (var c in decoded)
        {
            if (char.IsControl(c) || c == '\uFFFD')
            {
                return credential; // binary: an opaque token, not text
            }
        }

        var colon = decoded.IndexOf(':');
        if (colon < 0)
        {
            return decoded;
        }

        if (decoded.IndexOf(':', colon + 1) >= 0)
        {
            return null;
        }

        return colon == 0 ? decoded.Substring(1) : colon == decoded.Length - 1 ? decoded.Substring(0, colon) : null;
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
