using System;
using System.Collections.Generic;
using System.Text.RegularExpressions;

namespace MatCarv.Analyzers.Internals.Secrets;

/// <summary>A password found inside a larger string, and the host it is for (null when the string names none).</summary>
internal readonly struct EmbeddedCredential
{
    public EmbeddedCredential(string kind, string? host)
    {
        Kind = kind;
        Host = host;
    }

    /// <summary>"connection string", "URL", "URL query", "Redis connection string", "XML document", "JSON document".</summary>
    public string Kind { get; }

    public string? Host { get; }
}

/// <summary>
/// Finds passwords embedded in connection strings (<c>Password=</c>/<c>Pwd=</c> pairs), URL user-info
/// (<c>scheme://user:pass@host</c>, as Sonar S2068 does), URL query parameters whose name says secret
/// (<c>?password=</c>, <c>&amp;access_key=</c>), StackExchange.Redis configuration strings (<c>host:port,password=…</c>) and
/// password elements of XML/JSON documents (<c>&lt;wsse:Password&gt;…&lt;/wsse:Password&gt;</c>). A password for a local
/// host (<see cref="HostNames.IsLocal"/>), a placeholder, a documented example or a password equal to its user name is not reported.
/// </summary>
internal static class ConnectionStringScanner
{
    /// <summary>Stands for an interpolation hole or a non-constant operand: a value containing it is not hard-coded.</summary>
    public const char Hole = '\u0001';

    private static readonly TimeSpan Timeout = TimeSpan.FromMilliseconds(100);

    private static readonly Regex UserInfo = new(
        @"\b[A-Za-z][A-Za-z0-9+.-]{1,20}://(?<user>[^:@/\s]*):(?<pass>[^@/\s]+)@(?<host>[A-Za-z0-9\[\u0001][^/?#\s,]*)",
        RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture, Timeout);

    private static readonly Regex QueryParameter = new(
        @"[?&](?<key>[A-Za-z][A-Za-z0-9_.-]{1,40})=(?<value>[^&#\s]*)",
        RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture, Timeout);

    private static readonly Regex XmlElement = new(
        @"<(?<tag>(?:[A-Za-z][\w.-]*:)?(?<name>[A-Za-z][\w.-]*))(?:\s[^>]*)?>(?<value>[^<]{1,200})</\k<tag>>",
        RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture, Timeout);

    private static readonly Regex JsonMember = new(
        @"""(?<name>[A-Za-z][\w.-]{1,40})""\s*:\s*""(?<value>[^""\\]{1,200})""",
        RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture, Timeout);

    /// <summary>Returns the first embedded password that is hard-coded and not for a local host, or null.</summary>
    public static EmbeddedCredential? Find(string text, SecretSettings settings, Func<string, SecretNameKind> classify)
    {
        if (text.Length < 8)
        {
            return null;
        }

        try
        {
            var scheme = text.IndexOf("://", StringComparison.Ordinal);
            if (scheme > 0)
            {
                for (var match = UserInfo.Match(text); match.Success; match = match.NextMatch())
                {
                    var user = match.Groups["user"].Value;
                    var pass = match.Groups["pass"].Value;
                    var host = match.Groups["host"].Value;
                    if (IsHardCodedPassword(pass) && !string.Equals(user, pass, StringComparison.Ordinal) && !HostNames.IsLocal(host, settings.LocalHosts))
                    {
                        return new EmbeddedCredential("URL", host);
                    }
                }
            }

            if (text.IndexOf('=') > 0 && text.IndexOf('?') >= 0)
            {
                var host = scheme > 0 ? HostNames.UrlHost(text, scheme + 3) : null;
                if (host is null || !HostNames.IsLocal(host, settings.LocalHosts))
                {
                    for (var match = QueryParameter.Match(text); match.Success; match = match.NextMatch())
                    {
                        var kind = classify(match.Groups["key"].Value);
                        var value = Unescape(match.Groups["value"].Value);
                        if (kind != SecretNameKind.None && IsHardCodedPassword(value) &&
                            (kind == SecretNameKind.Password || (value.Length >= 8 && SecretValueClassifier.ShannonEntropy(value) >= 3.0 && !SecretValueClassifier.IsReference(value))))
                        {
                            return new EmbeddedCredential("URL query", host);
                        }
                    }
                }
            }

            if (text.IndexOf('<') >= 0 && text.IndexOf("</", StringComparison.Ordinal) > 0)
            {
                for (var match = XmlElement.Match(text); match.Success; match = match.NextMatch())
                {
                    if (IsPasswordValue(match.Groups["name"].Value, match.Groups["value"].Value, settings, classify))
                    {
                        return new EmbeddedCredential("XML document", null);
                    }
                }
            }

            if (text.IndexOf('"') >= 0 && text.IndexOf(':') > 0)
            {
                for (var match = JsonMember.Match(text); match.Success; match = match.NextMatch())
                {
                    if (IsPasswordValue(match.Groups["name"].Value, match.Groups["value"].Value, settings, classify))
                    {
                        return new EmbeddedCredential("JSON document", null);
                    }
                }
            }
        }
        catch (RegexMatchTimeoutException)
        {
            return null;
        }

        return FindInPairs(text, settings) ?? FindInRedisOptions(text, settings);
    }

    /// <summary>A password-named element of a document whose value is a password (a template such as {password} is not).</summary>
    private static bool IsPasswordValue(string name, string value, SecretSettings settings, Func<string, SecretNameKind> classify) =>
        classify(name) == SecretNameKind.Password && IsHardCodedPassword(value) &&
        SecretValueClassifier.IsLikelySecret(value, SecretNameKind.Password, settings);

    private static EmbeddedCredential? FindInPairs(string text, SecretSettings settings)
    {
        if (text.IndexOf(';') < 0 || text.IndexOf('=') < 0)
        {
            return null;
        }

        var pairs = 0;
        string? password = null;
        string? user = null;
        foreach (var part in text.Split(';'))
        {
            var eq = part.IndexOf('=');
            if (eq <= 0)
            {
                continue;
            }

            pairs++;
            var key = part.Substring(0, eq).Trim().ToLowerInvariant();
            var value = part.Substring(eq + 1).Trim().Trim('\'', '"');
            if (key is "password" or "pwd" or "passwd" or "user password" or "db password")
            {
                password = value;
            }
            else if (key is "user id" or "userid" or "uid" or "user" or "username" or "user name")
            {
                user = value;
            }
        }

        if (pairs < 2 || password is null || !IsHardCodedPassword(password) || string.Equals(user, password, StringComparison.Ordinal))
        {
            return null;
        }

        var hosts = new List<string>(2);
        HostNames.Find(text, hosts);
        foreach (var host in hosts)
        {
            if (HostNames.IsLocal(host, settings.LocalHosts))
            {
                return null;
            }
        }

        return new EmbeddedCredential("connection string", hosts.Count > 0 ? hosts[0] : null);
    }

    /// <summary>StackExchange.Redis configuration: "host:port[,host:port],option=value,…,password=…" (no ';').</summary>
    private static EmbeddedCredential? FindInRedisOptions(string text, SecretSettings settings)
    {
        if (text.IndexOf(',') < 0 || text.IndexOf(';') >= 0)
        {
            return null;
        }

        string? password = null;
        string? user = null;
        foreach (var part in text.Split(','))
        {
            var eq = part.IndexOf('=');
            if (eq <= 0)
            {
                continue;
            }

            var key = part.Substring(0, eq).Trim().ToLowerInvariant();
            if (key == "password")
            {
                password = part.Substring(eq + 1).Trim();
            }
            else if (key == "user")
            {
                user = part.Substring(eq + 1).Trim();
            }
        }

        if (password is null || !IsHardCodedPassword(password) || string.Equals(user, password, StringComparison.Ordinal))
        {
            return null;
        }

        var hosts = new List<string>(2);
        HostNames.Find(text, hosts);
        if (hosts.Count == 0)
        {
            return null;
        }

        foreach (var host in hosts)
        {
            if (HostNames.IsLocal(host, settings.LocalHosts) || string.Equals(host, password, StringComparison.OrdinalIgnoreCase))
            {
                return null;
            }
        }

        return new EmbeddedCredential("Redis connection string", hosts[0]);
    }

    private static string Unescape(string value)
    {
        try
        {
            return Uri.UnescapeDataString(value);
        }
        catch (UriFormatException)
        {
            return value;
        }
    }

    private static bool IsHardCodedPassword(string value) =>
        value.Length > 0
        && value.IndexOf(Hole) < 0
        && !SecretValueClassifier.IsPlaceholder(value)
        && !DocumentedExamples.Contains(value)
        && !(value[0] == '{' || value[0] == '$' || value[0] == '%');
}
