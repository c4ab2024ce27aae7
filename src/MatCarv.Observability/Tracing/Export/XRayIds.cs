using System.Diagnostics;
using System.Text;

namespace MatCarv.Observability.Tracing.Export;

/// <summary>
/// Span and trace ids written as quoted JSON strings straight from the hex text an <see cref="Activity"/> already holds.
/// <see cref="ActivitySpanId.CopyTo"/> and <see cref="ActivityTraceId.CopyTo"/> parse that text back into bytes, which were
/// then formatted as hex again: that round trip was about a quarter of the serialiser's time (perf profile, tracing-perf note).
/// </summary>
internal static class XRayIds
{
    /// <summary>Length of a quoted span id: <c>"</c> + 16 hex + <c>"</c>.</summary>
    public const int QuotedSpanIdLength = 18;

    /// <summary>Length of a quoted X-Ray trace id: <c>"1-</c> + 8 hex + <c>-</c> + 24 hex + <c>"</c>.</summary>
    public const int QuotedTraceIdLength = 37;

    /// <summary>Writes <c>"0123456789abcdef"</c> (18 bytes).</summary>
    public static void WriteQuotedSpanId(ActivitySpanId id, Span<byte> destination)
    {
        destination[0] = (byte)'"';
        Ascii.FromUtf16(id.ToHexString(), destination.Slice(1, 16), out _);
        destination[17] = (byte)'"';
    }

    /// <summary>Writes the X-Ray form <c>"1-5759e988-bd862e3fe1be46a994272793"</c> (37 bytes) of a W3C trace id.</summary>
    public static void WriteQuotedTraceId(ActivityTraceId id, Span<byte> destination)
    {
        var hex = id.ToHexString().AsSpan();
        destination[0] = (byte)'"';
        destination[1] = (byte)'1';
        destination[2] = (byte)'-';
        Ascii.FromUtf16(hex[..8], destination.Slice(3, 8), out _);
        destination[11] = (byte)'-';
        Ascii.FromUtf16(hex[8..], destination.Slice(12, 24), out _);
        destination[36] = (byte)'"';
    }
}
