using System;
using System.Text.RegularExpressions;

namespace MatCarv.Analyzers.Internals;

/// <summary>
/// Finds passwords embedded in connection strings (<c>Password=</c>/<c>Pwd=</c> pairs), URL user-info
/// (<c>scheme://user:pass@host</c>, as Sonar S2068 does) and URL query parameters (<c>?password=</c>, <c>&amp;client_secret=</c>).
/// </summary>
internal static class ConnectionStringScanner
{
    /// <summary>Stands for an interpolation hole or a non-constant operand: a value containing it is not hard-coded.</summary>
    public const char Hole = '\u0001';

    private static readonly TimeSpan Timeout = TimeSpan.FromMilliseconds(100);

    private static readonly Regex UserInfo = new(
        @"\b[A-Za-z][A-Za-z0-9+.-]{1,20}://(?<user>[^:@/\s]*):(?<pass>[^@/\s]+)@[A-Za-z0-9\[\u0001]",
        RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture, Timeout);

    private static readonly Regex QueryParameter = new(
        @"[?&](?<key>password|passwd|pwd|pass|client_secret|clientsecret|secret|api_key|apikey|access_token|auth_token|token)=(?<value>[^&#\s]*)",
        RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture | RegexOptions.IgnoreCase, Timeout);

    /// <summary>Returns the kind of embedding found ("connection string", "URL", "URL query"), or null.</summary>
    public static string? Find(string text)
    {
        if (text.Length < 8)
        {
            return null;
        }

        try
        {
            if (text.IndexOf("://", StringComparison.Ordinal) > 0)
            {
                for (var match = UserInfo.Match(text); match.Success; match = match.NextMatch())
                {
                    var user = match.Groups["user"].Value;
                    var pass = match.Groups["pass"].Value;
                    if (IsHardCodedPassword(pass) && !string.Equals(user, pass, StringComparison.Ordinal))
                    {
                        return "URL";
                    }
                }
            }

            if (text.IndexOf('=') > 0 && text.IndexOf('?') >= 0)
            {
                for (var match = QueryParameter.Match(text); match.Success; match = match.NextMatch())
                {
                    var key = match.Groups["key"].Value.ToLowerInvariant();
                    var value = Uri.UnescapeDataString(match.Groups["value"].Value);
                    var isPassword = key.StartsWith("pass", StringComparison.Ordinal) || key == "pwd";
                    if (IsHardCodedPassword(value) &&
                        (isPassword || (value.Length >= 8 && SecretValueClassifier.ShannonEntropy(value) >= 3.0)))
                    {
                        return "URL query";
                    }
                }
            }
        }
        catch (RegexMatchTimeoutException)
        {
            return null;
        }

        return FindInPairs(text) ? "connection string" : null;
    }

    private static bool FindInPairs(string text)
    {
        if (text.IndexOf(';') < 0 || text.IndexOf('=') < 0)
        {
            return false;
        }

        var pairs = 0;
        string? password = null;
        foreach (var part in text.Split(';'))
        {
            var eq = part.IndexOf('=');
            if (eq <= 0)
            {
                continue;
            }

            pairs++;
            var key = part.Substring(0, eq).Trim().ToLowerInvariant();
            if (key is "password" or "pwd" or "passwd" or "user password" or "db password")
            {
                password = part.Substring(eq + 1).Trim().Trim('\'', '"');
            }
        }

        return pairs >= 2 && password is not null && IsHardCodedPassword(password);
    }

    private static bool IsHardCodedPassword(string value) =>
        value.Length > 0
        && value.IndexOf(Hole) < 0
        && !SecretValueClassifier.IsPlaceholder(value)
        && !(value[0] == '{' || value[0] == '$' || value[0] == '%');
}
