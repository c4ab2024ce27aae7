using System.Buffers.Binary;
using System.Diagnostics;

namespace MatCarv.Observability.Tracing.Propagation;

/// <summary>
/// X-Ray trace ids are <c>1-{8 hex: epoch seconds}-{24 hex: random}</c>: 128 bits, the same as a W3C trace id.
/// Generating W3C ids whose first 32 bits are the epoch seconds makes one id valid in both worlds,
/// so logs, spans and headers agree without any mapping table.
/// </summary>
public static class XRayTraceId
{
    /// <summary>The length of a formatted trace id.</summary>
    public const int Length = 35;

    /// <summary>Creates a new trace id: epoch seconds then 96 bits of cryptographic randomness.</summary>
    /// <param name="timeProvider">The clock; the system clock when null.</param>
    /// <returns>A W3C trace id that is also a valid X-Ray trace id.</returns>
    public static ActivityTraceId NewActivityTraceId(TimeProvider? timeProvider = null)
    {
        Span<byte> bytes = stackalloc byte[16];
        var seconds = timeProvider is null ? RandomSource.CurrentEpochSeconds() : (uint)timeProvider.GetUtcNow().ToUnixTimeSeconds();
        BinaryPrimitives.WriteUInt32BigEndian(bytes, seconds);
        RandomSource.Fill(bytes[4..]);
        return ActivityTraceId.CreateFromBytes(bytes);
    }

    /// <summary>Formats a W3C trace id as an X-Ray trace id.</summary>
    /// <param name="traceId">The W3C trace id.</param>
    /// <returns>The X-Ray form.</returns>
    public static string Format(ActivityTraceId traceId)
    {
        Span<byte> utf8 = stackalloc byte[Length];
        FormatUtf8(traceId, utf8);
        return System.Text.Encoding.ASCII.GetString(utf8);
    }

    /// <summary>Writes the X-Ray form of a W3C trace id as UTF-8 into <paramref name="destination"/> (35 bytes), without allocating.</summary>
    /// <param name="traceId">The W3C trace id.</param>
    /// <param name="destination">At least 35 bytes.</param>
    public static void FormatUtf8(ActivityTraceId traceId, Span<byte> destination)
    {
        Span<byte> bytes = stackalloc byte[16];
        traceId.CopyTo(bytes);
        destination[0] = (byte)'1';
        destination[1] = (byte)'-';
        WriteHex(bytes[..4], destination.Slice(2, 8));
        destination[10] = (byte)'-';
        WriteHex(bytes[4..], destination.Slice(11, 24));
    }

    internal static void WriteHex(ReadOnlySpan<byte> source, Span<byte> destination)
    {
        const string Digits = "0123456789abcdef";
        for (int i = 0; i < source.Length; i++)
        {
            destination[2 * i] = (byte)Digits[source[i] >> 4];
            destination[(2 * i) + 1] = (byte)Digits[source[i] & 0xF];
        }
    }

    /// <summary>
    /// True when <paramref name="value"/> is <c>1-</c> + 8 hex + <c>-</c> + 24 hex, not all zeros: the 128 bits are also the
    /// W3C trace id, and W3C trace context forbids an id of all zeros (the runtime's <see cref="ActivityTraceId"/> refuses it).
    /// </summary>
    /// <param name="value">The candidate.</param>
    /// <returns>Whether it is a valid X-Ray trace id.</returns>
    public static bool IsValid(ReadOnlySpan<char> value) =>
        value.Length == Length && value[0] == '1' && value[1] == '-' && value[10] == '-'
        && XRayTraceHeader.IsHex(value.Slice(2, 8), 8) && XRayTraceHeader.IsHex(value.Slice(11, 24), 24)
        && (value.Slice(2, 8).ContainsAnyExcept('0') || value.Slice(11, 24).ContainsAnyExcept('0'));

    /// <summary>Converts a valid X-Ray trace id to the W3C trace id with the same bits.</summary>
    /// <param name="xrayTraceId">A valid X-Ray trace id.</param>
    /// <returns>The W3C trace id.</returns>
    public static ActivityTraceId ToActivityTraceId(string xrayTraceId)
    {
        Span<char> hex = stackalloc char[32];
        xrayTraceId.AsSpan(2, 8).CopyTo(hex);
        xrayTraceId.AsSpan(11, 24).CopyTo(hex[8..]);
        for (int i = 0; i < hex.Length; i++)
        {
            hex[i] = char.ToLowerInvariant(hex[i]);
        }

        return ActivityTraceId.CreateFromString(hex);
    }
}
