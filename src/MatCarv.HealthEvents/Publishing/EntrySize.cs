using System.Text;

namespace MatCarv.HealthEvents.Publishing;

/// <summary>
/// The PutEvents entry size, by the formula documented in "Calculating PutEvents event entry size" (EventBridge user guide):
/// 14 bytes when <c>Time</c> is set, plus the UTF-8 bytes of <c>Source</c>, <c>DetailType</c>, <c>Detail</c> and each
/// <c>Resources</c> item. <c>TraceHeader</c> does not count. The request limit applies to the sum over its entries.
/// </summary>
internal static class EntrySize
{
    /// <summary>What a set <c>Time</c> field counts for.</summary>
    public const int TimeBytes = 14;

    public static int Compute(bool hasTime, int sourceUtf8Bytes, int detailTypeUtf8Bytes, int detailUtf8Bytes, IReadOnlyList<string> resources)
    {
        long size = (hasTime ? TimeBytes : 0) + (long)sourceUtf8Bytes + detailTypeUtf8Bytes + detailUtf8Bytes;
        foreach (var resource in resources)
        {
            size += Encoding.UTF8.GetByteCount(resource);
        }

        return size > int.MaxValue ? int.MaxValue : (int)size;
    }
}
