using System.Collections.Concurrent;

namespace MatCarv.Observability.Logging.Interpolation;

/// <summary>
/// Turns a caller argument expression into a key: <c>order.CustomerName</c> → <c>CustomerName</c>,
/// <c>GetTotal()</c> → <c>GetTotal</c>. Expressions are literals of the call site, so results are cached (bounded).
/// </summary>
internal static class ArgumentName
{
    private const int MaxCached = 4096;
    private static readonly ConcurrentDictionary<string, string> Cache = new(StringComparer.Ordinal);

    public static string Extract(string expression)
    {
        if (Cache.TryGetValue(expression, out var name))
        {
            return name;
        }

        name = Compute(expression);
        if (Cache.Count < MaxCached)
        {
            Cache.TryAdd(expression, name);
        }

        return name;
    }

    private static string Compute(string expression)
    {
        var span = expression.AsSpan().Trim();
        int paren = span.IndexOf('(');
        if (paren > 0)
        {
            span = span[..paren];
        }

        int dot = span.LastIndexOf('.');
        if (dot >= 0 && dot < span.Length - 1)
        {
            span = span[(dot + 1)..];
        }

        Span<char> result = span.Length <= 256 ? stackalloc char[span.Length] : new char[span.Length];
        int n = 0;
        foreach (var c in span)
        {
            if (char.IsLetterOrDigit(c) || c == '_')
            {
                result[n++] = c;
            }
        }

        return n == 0 ? "value" : new string(result[..n]);
    }
}
