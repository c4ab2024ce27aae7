using System.Collections.Concurrent;

namespace MatCarv.Observability.Logging;

/// <summary>
/// Decides which keys hold secrets. A key is sensitive when, lower-cased with every non-alphanumeric character removed,
/// it contains one of the sensitive words (so <c>Password</c>, <c>db_password</c>, <c>X-Api-Key</c>, <c>accessToken</c>
/// all match). Err on the side of hiding: a false positive costs a value, a false negative leaks a secret.
/// </summary>
internal sealed class SensitiveKeys
{
    private const int MaxCachedKeys = 4096;

    private static readonly string[] DefaultWords = ["password", "passwd", "secret", "token", "authorization", "apikey", "cookie", "credential"];

    private readonly string[] _words;
    private readonly ConcurrentDictionary<string, bool> _cache = new(StringComparer.Ordinal);

    public SensitiveKeys(IEnumerable<string> extraKeys)
    {
        _words = DefaultWords.Concat(extraKeys.Select(Normalize).Where(k => k.Length > 0)).Distinct(StringComparer.Ordinal).ToArray();
    }

    public bool IsSensitive(string key)
    {
        if (_cache.TryGetValue(key, out var sensitive))
        {
            return sensitive;
        }

        var normalized = Normalize(key);
        sensitive = false;
        foreach (var word in _words)
        {
            if (normalized.Contains(word, StringComparison.Ordinal))
            {
                sensitive = true;
                break;
            }
        }

        if (_cache.Count < MaxCachedKeys)
        {
            _cache.TryAdd(key, sensitive);
        }

        return sensitive;
    }

    /// <summary>Lower-case letters and digits only.</summary>
    public static string Normalize(string key)
    {
        Span<char> buffer = key.Length <= 256 ? stackalloc char[key.Length] : new char[key.Length];
        int n = 0;
        foreach (var c in key)
        {
            if (char.IsLetterOrDigit(c))
            {
                buffer[n++] = char.ToLowerInvariant(c);
            }
        }

        return new string(buffer[..n]);
    }
}
