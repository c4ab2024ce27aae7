using System.Buffers;
using System.Text;

namespace MatCarv.Observability.Logging;

/// <summary>
/// Makes any text writable as JSON without throwing: lone surrogates (which <c>Utf8JsonWriter</c> rejects) become U+FFFD,
/// and text above the size limit is cut on a character boundary and ends with a visible marker.
/// Control characters and newlines need nothing here: the JSON writer escapes them, so a value can never break a line.
/// </summary>
internal static class TextSanitizer
{
    /// <summary>Appended to cut text.</summary>
    public const string TruncationMarker = "…[truncated]";

    // MemoryExtensions.IndexOfAnyInRange(char, char) allocated 96 B per call on .NET 10.0 (measured); SearchValues does not.
    private static readonly SearchValues<char> Surrogates = SearchValues.Create(SurrogateRange());

    // U+D800..U+DFFF, filled by a loop: Enumerable.Range(...).Select(...) was LINQ iterators over value types, JIT-compiled at
    // every cold start (benchmarks/ColdStart/run.sh --methods).
    private static char[] SurrogateRange()
    {
        var chars = new char[0x800];
        for (int i = 0; i < chars.Length; i++)
        {
            chars[i] = (char)(0xD800 + i);
        }

        return chars;
    }

    /// <summary>True when <paramref name="text"/> contains a surrogate that is not part of a valid pair.</summary>
    public static bool HasLoneSurrogate(ReadOnlySpan<char> text)
    {
        int i = text.IndexOfAny(Surrogates);
        if (i < 0)
        {
            return false;
        }

        for (; i < text.Length; i++)
        {
            char c = text[i];
            if (char.IsHighSurrogate(c))
            {
                if (i + 1 >= text.Length || !char.IsLowSurrogate(text[i + 1]))
                {
                    return true;
                }

                i++;
            }
            else if (char.IsLowSurrogate(c))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Replaces lone surrogates in place with U+FFFD.</summary>
    public static void ReplaceLoneSurrogates(Span<char> text)
    {
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (char.IsHighSurrogate(c))
            {
                if (i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
                {
                    i++;
                }
                else
                {
                    text[i] = '\uFFFD';
                }
            }
            else if (char.IsLowSurrogate(c))
            {
                text[i] = '\uFFFD';
            }
        }
    }

    /// <summary>A string without lone surrogates (the same instance when it has none).</summary>
    public static string Sanitize(string text)
    {
        if (!HasLoneSurrogate(text))
        {
            return text;
        }

        var chars = text.ToCharArray();
        ReplaceLoneSurrogates(chars);
        return new string(chars);
    }

    /// <summary>
    /// The number of leading characters of <paramref name="text"/> that fit in <paramref name="maxBytes"/> UTF-8 bytes,
    /// never splitting a surrogate pair; <paramref name="text"/>.Length when it all fits.
    /// </summary>
    public static int FitUtf8(ReadOnlySpan<char> text, int maxBytes)
    {
        // Fast path: every char is at most 3 UTF-8 bytes (a pair is 4 bytes for 2 chars).
        if ((long)text.Length * 3 <= maxBytes)
        {
            return text.Length;
        }

        int bytes = 0;
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            int size = c < 0x80 ? 1 : c < 0x800 ? 2 : 3;
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                if (bytes + 4 > maxBytes)
                {
                    return i;
                }

                bytes += 4;
                i++;
                continue;
            }

            if (bytes + size > maxBytes)
            {
                return i;
            }

            bytes += size;
        }

        return text.Length;
    }

    /// <summary>The UTF-8 size of the truncation marker.</summary>
    public static int MarkerBytes { get; } = Encoding.UTF8.GetByteCount(TruncationMarker);
}
