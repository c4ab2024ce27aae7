using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Text.Encodings.Web;
using System.Text.Json;
using MatCarv.Observability.Logging.Interpolation;

namespace MatCarv.Observability.Logging;

/// <summary>
/// Resolves user keys to the output casing, as Powertools .NET does for top-level keys (nested destructured objects
/// keep their own keys, Powertools #417), and decides collisions and redaction once per key. Cached, bounded.
/// </summary>
internal sealed class KeyCasing
{
    private const int MaxCachedKeys = 4096;
    private const int ExpressionCacheSize = 64;

    [ThreadStatic]
    private static ExpressionCacheEntry[]? t_expressionCache;

    private readonly ConcurrentDictionary<string, UserKey> _byName = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, UserKey> _byExpression = new(ReferenceComparer.Instance);
    private readonly LogKeys _keys;
    private readonly SensitiveKeys _sensitive;

    public KeyCasing(LogKeys keys, SensitiveKeys sensitive)
    {
        _keys = keys;
        _sensitive = sensitive;
    }

    public LoggerOutputCase Case => _keys.Case;

    /// <summary>The key for a template parameter or scope key.</summary>
    public UserKey Get(string name)
    {
        if (_byName.TryGetValue(name, out var key))
        {
            return key;
        }

        key = Create(name);
        if (_byName.Count < MaxCachedKeys)
        {
            _byName.TryAdd(name, key);
        }

        return key;
    }

    /// <summary>The key for a caller argument expression (a literal per call site, so looked up by reference first).</summary>
    public UserKey ForExpression(string expression)
    {
        // A per-thread direct-mapped cache in front of the dictionary: the hot path is one array read and two reference compares.
        var cache = t_expressionCache ??= new ExpressionCacheEntry[ExpressionCacheSize];
        ref var slot = ref cache[RuntimeHelpers.GetHashCode(expression) & (ExpressionCacheSize - 1)];
        if (ReferenceEquals(slot.Expression, expression) && ReferenceEquals(slot.Owner, this))
        {
            return slot.Key!;
        }

        var key = ForExpressionSlow(expression);
        slot = new ExpressionCacheEntry(expression, this, key);
        return key;
    }

    private UserKey ForExpressionSlow(string expression)
    {
        if (_byExpression.TryGetValue(expression, out var key))
        {
            return key;
        }

        key = Get(ArgumentName.Extract(expression));
        if (_byExpression.Count < MaxCachedKeys)
        {
            _byExpression.TryAdd(expression, key);
        }

        return key;
    }

    public static string Convert(string key, LoggerOutputCase outputCase)
    {
        if (key.Length == 0)
        {
            return key;
        }

        return outputCase switch
        {
            LoggerOutputCase.SnakeCase => JsonNamingPolicy.SnakeCaseLower.ConvertName(key),
            LoggerOutputCase.CamelCase => JsonNamingPolicy.CamelCase.ConvertName(ToPascal(key)),
            _ => ToPascal(key),
        };
    }

    private UserKey Create(string name)
    {
        var converted = TextSanitizer.Sanitize(Convert(name, _keys.Case));
        return new UserKey(
            name,
            converted,
            JsonEncodedText.Encode(converted, JavaScriptEncoder.UnsafeRelaxedJsonEscaping),
            _keys.IsReserved(converted),
            _sensitive.IsSensitive(name),
            LogKeys.IsCorrelationIdKey(name));
    }

    private static string ToPascal(string key)
    {
        if (key.Contains('_', StringComparison.Ordinal) || key.Contains('-', StringComparison.Ordinal))
        {
            var parts = key.Split(['_', '-'], StringSplitOptions.RemoveEmptyEntries);
            return parts.Length == 0 ? key : string.Concat(parts.Select(p => char.ToUpperInvariant(p[0]) + p[1..]));
        }

        return char.IsLower(key[0]) ? char.ToUpperInvariant(key[0]) + key[1..] : key;
    }

    private readonly record struct ExpressionCacheEntry(string? Expression, KeyCasing? Owner, UserKey? Key);

    private sealed class ReferenceComparer : IEqualityComparer<string>
    {
        public static readonly ReferenceComparer Instance = new();

        public bool Equals(string? x, string? y) => ReferenceEquals(x, y);

        public int GetHashCode(string obj) => RuntimeHelpers.GetHashCode(obj);
    }
}
