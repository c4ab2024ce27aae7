namespace MatCarv.Observability.Logging;

/// <summary>
/// Writes the Powertools .NET timestamp, UTC round-trip <c>"o"</c> with 7 fractional digits
/// (<c>2021-12-13T20:32:22.5774262Z</c>), as UTF-8 without allocating. The date-and-second prefix is cached per thread
/// and reformatted only when the second changes.
/// </summary>
internal static class TimestampFormatter
{
    public const int Length = 28;

    [ThreadStatic]
    private static byte[]? t_prefix;

    [ThreadStatic]
    private static long t_prefixSecond;

    public static void Format(DateTime utc, Span<byte> destination)
    {
        long ticks = utc.Ticks;
        long second = ticks / TimeSpan.TicksPerSecond;
        var prefix = t_prefix;
        if (prefix is null || t_prefixSecond != second)
        {
            prefix ??= t_prefix = new byte[20];
            var whole = new DateTime(second * TimeSpan.TicksPerSecond, DateTimeKind.Utc);
            whole.TryFormat(prefix, out _, "yyyy'-'MM'-'dd'T'HH':'mm':'ss'.'", System.Globalization.CultureInfo.InvariantCulture);
            t_prefixSecond = second;
        }

        prefix.CopyTo(destination);
        long fraction = ticks % TimeSpan.TicksPerSecond;
        for (int i = 26; i >= 20; i--)
        {
            destination[i] = (byte)('0' + (fraction % 10));
            fraction /= 10;
        }

        destination[27] = (byte)'Z';
    }
}
