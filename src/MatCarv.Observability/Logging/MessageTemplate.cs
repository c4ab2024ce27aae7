using System.Collections.Concurrent;
using MatCarv.Observability.Collections;

namespace MatCarv.Observability.Logging;

/// <summary>
/// A parsed Microsoft.Extensions.Logging message template: literal runs and holes (<c>{Name}</c>, <c>{Name,10}</c>,
/// <c>{Name:0.00}</c>, <c>{@Name}</c> to destructure), with <c>{{</c> and <c>}}</c> as escaped braces. Holes bind to
/// arguments by position, as in MEL. Parsed once per template and cached (bounded).
/// </summary>
internal sealed class MessageTemplate
{
    private const int MaxCached = 2048;
    private const int ThreadCacheSize = 64;

    [ThreadStatic]
    private static MessageTemplate?[]? t_recent;

    private static readonly ConcurrentDictionary<string, MessageTemplate> ByReference = new(ReferenceComparer.Instance);
    private static readonly ConcurrentDictionary<string, MessageTemplate> ByText = new(StringComparer.Ordinal);

    private KeysForCasing? _keys;

    private MessageTemplate(string text, Segment[] segments, Hole[] holes)
    {
        Text = text;
        Segments = segments;
        Holes = holes;
    }

    public string Text { get; }

    /// <summary>Literal runs (HoleIndex -1) and holes in order.</summary>
    public Segment[] Segments { get; }

    /// <summary>The holes in order; hole i takes argument i.</summary>
    public Hole[] Holes { get; }

    public static MessageTemplate Get(string text)
    {
        // Templates are usually literals, one instance per call site: a per-thread direct-mapped cache by reference first
        // (one array read and a reference compare), then a dictionary by reference (no hashing of the text).
        var recent = t_recent ??= new MessageTemplate?[ThreadCacheSize];
        ref var slot = ref recent[System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(text) & (ThreadCacheSize - 1)];
        if (slot is { } cached && ReferenceEquals(cached.Text, text))
        {
            return cached;
        }

        slot = GetShared(text);
        return slot;
    }

    /// <summary>The keys of the holes in <paramref name="casing"/>'s output casing, resolved once per template.</summary>
    public UserKey[] KeysFor(KeyCasing casing)
    {
        var keys = _keys;
        if (keys is not null && ReferenceEquals(keys.Casing, casing))
        {
            return keys.Keys;
        }

        var resolved = new UserKey[Holes.Length];
        for (int i = 0; i < resolved.Length; i++)
        {
            resolved[i] = casing.Get(Holes[i].Name);
        }

        _keys = new KeysForCasing(casing, resolved);
        return resolved;
    }

    private static MessageTemplate GetShared(string text)
    {
        if (ByReference.TryGetValue(text, out var template))
        {
            return template;
        }

        if (!ByText.TryGetValue(text, out template))
        {
            template = Parse(text);
            if (ByText.Count < MaxCached)
            {
                ByText.TryAdd(text, template);
            }
        }

        if (ByReference.Count < MaxCached)
        {
            ByReference.TryAdd(text, template);
        }

        return template;
    }

    public static MessageTemplate Parse(string text)
    {
        var segments = new ValueList<Segment>();
        var holes = new List<Hole>();
        var literal = new System.Text.StringBuilder();
        int i = 0;
        while (i < text.Length)
        {
            char c = text[i];
            if (c == '{')
            {
                if (i + 1 < text.Length && text[i + 1] == '{')
                {
                    literal.Append('{');
                    i += 2;
                    continue;
                }

                int close = text.IndexOf('}', i + 1);
                if (close < 0)
                {
                    literal.Append(text, i, text.Length - i);
                    break;
                }

                if (literal.Length > 0)
                {
                    segments.Add(new Segment(literal.ToString(), -1));
                    literal.Clear();
                }

                var body = text.AsSpan(i + 1, close - i - 1);
                int formatAt = body.IndexOf(':');
                var head = formatAt >= 0 ? body[..formatAt] : body;
                string? format = formatAt >= 0 ? body[(formatAt + 1)..].ToString() : null;
                int alignment = 0;
                int comma = head.IndexOf(',');
                if (comma >= 0)
                {
                    _ = int.TryParse(head[(comma + 1)..].Trim(), System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out alignment);
                    head = head[..comma];
                }

                head = head.Trim();
                bool destructure = head.Length > 0 && head[0] == '@';
                bool stringify = head.Length > 0 && head[0] == '$';
                var name = (destructure || stringify ? head[1..] : head).ToString();
                segments.Add(new Segment(null, holes.Count));
                holes.Add(new Hole(name.Length == 0 ? "arg" + holes.Count.ToString(System.Globalization.CultureInfo.InvariantCulture) : name, format, alignment, destructure));
                i = close + 1;
                continue;
            }

            if (c == '}' && i + 1 < text.Length && text[i + 1] == '}')
            {
                literal.Append('}');
                i += 2;
                continue;
            }

            literal.Append(c);
            i++;
        }

        if (literal.Length > 0)
        {
            segments.Add(new Segment(literal.ToString(), -1));
        }

        return new MessageTemplate(text, segments.ToArray(), holes.ToArray());
    }

    /// <summary>The hole keys of the last pipeline (casing) that used this template; swapped whole, so readers never see half of it.</summary>
    private sealed record KeysForCasing(KeyCasing Casing, UserKey[] Keys);

    /// <summary>A literal run (<see cref="Literal"/> set) or a hole (<see cref="HoleIndex"/> ≥ 0).</summary>
    internal readonly record struct Segment(string? Literal, int HoleIndex);

    /// <summary>A hole: the property name (without <c>@</c>), its format and alignment, and whether to destructure.</summary>
    internal sealed record Hole(string Name, string? Format, int Alignment, bool Destructure);

    private sealed class ReferenceComparer : IEqualityComparer<string>
    {
        public static readonly ReferenceComparer Instance = new();

        public bool Equals(string? x, string? y) => ReferenceEquals(x, y);

        public int GetHashCode(string obj) => System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(obj);
    }
}
