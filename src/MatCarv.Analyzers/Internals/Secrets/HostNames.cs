using System;
using System.Collections.Generic;

namespace MatCarv.Analyzers.Internals.Secrets;

/// <summary>
/// Host names in strings (URLs, connection strings, <c>host:port</c> lists, bare DNS names) and whether they are local:
/// loopback, <c>localhost</c>, <c>*.local</c>/<c>*.localhost</c> (RFC 6762/6761), Docker's host aliases, LocalDB, and
/// single-label names of development containers (<see cref="SecretSettings.LocalHosts"/>). A password for a local host is a
/// development value (labelling policy, rule 5).
/// </summary>
internal static class HostNames
{
    private static readonly string[] HostKeys =
    {
        "server", "host", "hostname", "data source", "datasource", "address", "addr", "network address", "endpoint", "addresses",
    };

    private static readonly char[] PortOrInstanceSeparators = { ',', '\\' };

    private static readonly string[] FileExtensions =
    {
        "json", "xml", "yaml", "yml", "txt", "csv", "pem", "pfx", "p12", "crt", "cer", "key", "cs", "dll", "exe", "config", "png",
        "jpg", "svg", "pdf", "html", "htm", "js", "css", "md", "zip", "gz", "log", "db", "sqlite", "proto", "sql", "env", "ini",
    };

    /// <summary>Whether a host (possibly with a port, brackets or an instance name) is local.</summary>
    public static bool IsLocal(string host, HashSet<string> localNames)
    {
        var h = Normalize(host);
        if (h.Length == 0)
        {
            return false;
        }

        if (h == "." || h == "(local)" || h.StartsWith("(localdb)", StringComparison.Ordinal) || h == "::1" || h == "0.0.0.0" ||
            h == "host.docker.internal" || h == "host.containers.internal" || h == "gateway.docker.internal" ||
            h.StartsWith("127.", StringComparison.Ordinal) || h.EndsWith(".local", StringComparison.Ordinal) ||
            h.EndsWith(".localhost", StringComparison.Ordinal) || h.EndsWith(".localdomain", StringComparison.Ordinal))
        {
            return true;
        }

        return h.IndexOf('.') < 0 && localNames.Contains(h);
    }

    /// <summary>Adds the hosts a string names: URL authorities, connection-string servers, <c>host:port</c> lists, DNS names.</summary>
    public static void Find(string text, List<string> hosts)
    {
        if (text.Length < 3 || text.Length > 4096)
        {
            return;
        }

        var scheme = text.IndexOf("://", StringComparison.Ordinal);
        if (scheme > 0)
        {
            for (var at = scheme; at >= 0 && at < text.Length; at = text.IndexOf("://", at + 3, StringComparison.Ordinal))
            {
                var host = UrlHost(text, at + 3);
                if (host is not null)
                {
                    hosts.Add(host);
                }
            }

            return;
        }

        if (text.IndexOf('=') > 0 && text.IndexOf(';') > 0)
        {
            foreach (var part in text.Split(';'))
            {
                var eq = part.IndexOf('=');
                if (eq > 0 && Array.IndexOf(HostKeys, part.Substring(0, eq).Trim().ToLowerInvariant()) >= 0)
                {
                    foreach (var server in part.Substring(eq + 1).Split(','))
                    {
                        var value = server.Trim();
                        if (value.StartsWith("tcp:", StringComparison.OrdinalIgnoreCase))
                        {
                            value = value.Substring(4);
                        }

                        if (value.Length > 0)
                        {
                            hosts.Add(value);
                        }
                    }
                }
            }

            return;
        }

        // "cache.internal:6379,ssl=true", "kafka-1:9092,kafka-2:9092", "redis:6379,password=…".
        var first = text.Split(',')[0].Trim();
        var colon = first.LastIndexOf(':');
        if (colon > 0 && colon < first.Length - 1 && IsDigits(first, colon + 1) && IsHostLabelText(first.Substring(0, colon)))
        {
            foreach (var entry in text.Split(','))
            {
                var candidate = entry.Trim();
                var c = candidate.LastIndexOf(':');
                if (c > 0 && IsDigits(candidate, c + 1) && IsHostLabelText(candidate.Substring(0, c)))
                {
                    hosts.Add(candidate.Substring(0, c));
                }
            }

            return;
        }

        if (IsDnsName(text))
        {
            hosts.Add(text);
        }
    }

    /// <summary>The host of the URL whose authority starts at <paramref name="start"/> (after "://").</summary>
    public static string? UrlHost(string text, int start)
    {
        var end = start;
        while (end < text.Length && text[end] != '/' && text[end] != '?' && text[end] != '#' && !char.IsWhiteSpace(text[end]) && text[end] != '"')
        {
            end++;
        }

        var authority = text.Substring(start, end - start);
        var at = authority.LastIndexOf('@');
        if (at >= 0)
        {
            authority = authority.Substring(at + 1);
        }

        // "mongodb://h1:27017,h2:27017/db": the first host speaks for the list.
        var comma = authority.IndexOf(',');
        if (comma > 0)
        {
            authority = authority.Substring(0, comma);
        }

        return authority.Length == 0 || authority.IndexOf(ConnectionStringScanner.Hole) >= 0 ? null : authority;
    }

    /// <summary>A bare DNS name in lower case with two or more labels and an alphabetic top-level label that is not a file extension.</summary>
    public static bool IsDnsName(string text)
    {
        if (text.Length < 4 || text.Length > 253 || text.IndexOf('.') <= 0)
        {
            return false;
        }

        foreach (var c in text)
        {
            if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '-'))
            {
                return false;
            }
        }

        var labels = text.Split('.');
        foreach (var label in labels)
        {
            if (label.Length == 0 || label[0] == '-' || label[label.Length - 1] == '-')
            {
                return false;
            }
        }

        var top = labels[labels.Length - 1];
        if (top.Length < 2 || Array.IndexOf(FileExtensions, top) >= 0)
        {
            return false;
        }

        foreach (var c in top)
        {
            if (c < 'a' || c > 'z')
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// Whether a host is one DNS label with a letter in it (<c>billing-api</c>, <c>ledger-db:5432</c>): a compose service or
    /// container name, resolvable only inside the network of a development stack. Test code treats these as local
    /// (docs/Rules/README.md, "Test code"); production code keeps the <c>local_hosts</c> list, because a short name there may
    /// be a real internal host.
    /// </summary>
    public static bool IsSingleLabel(string host)
    {
        var h = Normalize(host);
        if (h.Length == 0 || h.Length > 63 || h.IndexOf('.') >= 0 || h[0] == '-')
        {
            return false;
        }

        var letter = false;
        foreach (var c in h)
        {
            if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_'))
            {
                return false;
            }

            letter |= c >= 'a' && c <= 'z';
        }

        return letter;
    }

    private static string Normalize(string host)
    {
        var h = host.Trim().ToLowerInvariant();
        if (h.StartsWith("[", StringComparison.Ordinal))
        {
            var close = h.IndexOf(']');
            return close > 0 ? h.Substring(1, close - 1) : h;
        }

        // "db,1433" (SQL Server port), "db:5432", "sql01\\instance".
        var cut = h.IndexOfAny(PortOrInstanceSeparators);
        if (cut > 0 && !h.StartsWith("(localdb)", StringComparison.Ordinal))
        {
            h = h.Substring(0, cut);
        }

        var colon = h.LastIndexOf(':');
        if (colon > 0 && h.IndexOf(':') == colon && IsDigits(h, colon + 1))
        {
            h = h.Substring(0, colon);
        }

        return h;
    }

    private static bool IsDigits(string text, int start)
    {
        if (start >= text.Length)
        {
            return false;
        }

        for (var i = start; i < text.Length; i++)
        {
            if (text[i] < '0' || text[i] > '9')
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsHostLabelText(string text)
    {
        if (text.Length == 0)
        {
            return false;
        }

        foreach (var c in text)
        {
            if (!(char.IsLetterOrDigit(c) || c == '.' || c == '-' || c == '_'))
            {
                return false;
            }
        }

        return true;
    }
}
