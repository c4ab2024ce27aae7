using System.Buffers;
using System.Text;
using System.Text.Json;

namespace MatCarv.Observability.Logging;

/// <summary>
/// Keeps a whole log line within the size CloudWatch Logs and Lambda accept for one event (256 KB), counted in the bytes
/// actually written, after JSON escaping. Limits on each value alone did not do it (issue 10 item 7): a 10 MB value gave a
/// 524 KB line (the message and the value each cut to 256 KB), and a non-ASCII value a 1.2 MB line (cut by bytes, then
/// escaped to <c>\uXXXX</c>, six bytes per character).
/// <para>
/// Only lines over the limit come here. The longest string values are cut to one common length (so a short message is
/// never cut for a long value's sake), on a character boundary of the escaped text (never inside an escape sequence, a
/// surrogate pair or a UTF-8 sequence), and end with the <see cref="TextSanitizer.TruncationMarker"/>. Keys and the
/// line's structure are kept, so the result is the same valid JSON object with shorter strings.
/// </para>
/// </summary>
internal static class LineSizeLimiter
{
    /// <summary>CloudWatch Logs' and Lambda's event size limit, the default line limit: 256 KiB.</summary>
    public const int DefaultMaxLineBytes = 256 * 1024;

    private static readonly byte[] Marker = Encoding.UTF8.GetBytes(TextSanitizer.TruncationMarker);

    private static readonly JsonReaderOptions ReaderOptions = new() { MaxDepth = 1024 };

    /// <summary>
    /// Writes a version of <paramref name="line"/> of at most <paramref name="maxBytes"/> bytes into a pooled array
    /// (<paramref name="rented"/>, to be returned to <see cref="ArrayPool{T}.Shared"/>); false when even empty strings would
    /// not fit (then the line is dropped and counted by the caller).
    /// </summary>
    public static bool TryFit(ReadOnlySpan<byte> line, int maxBytes, out byte[]? rented, out int length)
    {
        rented = null;
        length = 0;
        int excess = line.Length - maxBytes;
        if (excess <= 0)
        {
            return true;
        }

        // The string values, as (start, length) of their escaped content in the line.
        var strings = new List<(int Start, int Length)>();
        var reader = new Utf8JsonReader(line, ReaderOptions);
        try
        {
            while (reader.Read())
            {
                if (reader.TokenType == JsonTokenType.String)
                {
                    // TokenStartIndex is the opening quote; ValueSpan is the raw (still escaped) content.
                    strings.Add(((int)reader.TokenStartIndex + 1, reader.ValueSpan.Length));
                }
            }
        }
        catch (JsonException)
        {
            return false;
        }

        if (Savings(strings, 0) < excess)
        {
            return false;
        }

        // The longest common length that still saves enough (savings shrink as the length grows).
        int low = 0;
        int high = 0;
        foreach (var s in strings)
        {
            high = Math.Max(high, s.Length);
        }

        while (low < high)
        {
            int mid = low + ((high - low + 1) / 2);
            if (Savings(strings, mid) >= excess)
            {
                low = mid;
            }
            else
            {
                high = mid - 1;
            }
        }

        int cap = low;
        rented = ArrayPool<byte>.Shared.Rent(line.Length);
        var output = rented.AsSpan();
        int written = 0;
        int position = 0;
        foreach (var (start, size) in strings)
        {
            if (size <= cap + Marker.Length)
            {
                continue;
            }

            line[position..start].CopyTo(output[written..]);
            written += start - position;
            int cut = SafeCut(line.Slice(start, size), cap);
            line.Slice(start, cut).CopyTo(output[written..]);
            written += cut;
            Marker.CopyTo(output[written..]);
            written += Marker.Length;
            position = start + size;
        }

        line[position..].CopyTo(output[written..]);
        written += line.Length - position;
        length = written;
        return true;
    }

    /// <summary>Bytes saved when every string longer than <paramref name="cap"/> plus the marker is cut to <paramref name="cap"/>.</summary>
    private static long Savings(List<(int Start, int Length)> strings, int cap)
    {
        long saved = 0;
        foreach (var s in strings)
        {
            saved += Math.Max(0, s.Length - cap - Marker.Length);
        }

        return saved;
    }

    /// <summary>
    /// The longest prefix of escaped JSON string content of at most <paramref name="cap"/> bytes that ends on a character
    /// boundary: not inside <c>\n</c>/<c>\uXXXX</c>, not between the two escapes of a surrogate pair, not inside UTF-8.
    /// </summary>
    private static int SafeCut(ReadOnlySpan<byte> content, int cap)
    {
        int i = 0;
        while (i < content.Length)
        {
            int unit;
            byte b = content[i];
            if (b == (byte)'\\')
            {
                unit = i + 1 < content.Length && content[i + 1] == (byte)'u' ? 6 : 2;
                if (unit == 6 && IsHighSurrogateEscape(content[i..]) && i + 12 <= content.Length && content[i + 6] == (byte)'\\')
                {
                    unit = 12; // \uD83D\uDE00: one character
                }
            }
            else
            {
                unit = b < 0x80 ? 1 : b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : b >= 0xC0 ? 2 : 1;
            }

            if (i + unit > cap)
            {
                return i;
            }

            i += unit;
        }

        return Math.Min(i, content.Length);
    }

    // \uD800–\uDBFF: "d" then 8, 9, A or B (either case) as the third and fourth characters of the escape.
    private static bool IsHighSurrogateEscape(ReadOnlySpan<byte> escape) =>
        escape.Length >= 6 && (escape[2] | 0x20) == (byte)'d' && (escape[3] | 0x20) is (byte)'8' or (byte)'9' or (byte)'a' or (byte)'b';
}
