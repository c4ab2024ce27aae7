namespace MatCarv.HealthEvents.Publishing;

/// <summary>
/// A health event serialized once, on the background sender, into what a PutEvents entry needs. Retries resend these
/// exact bytes, so the event id, dedup key and sequence never change between attempts.
/// </summary>
internal sealed class PreparedEntry
{
    public PreparedEntry(long sequence, Guid eventId, string dedupKey, string detailType, byte[] detail, string[] resources, DateTimeOffset time, string? traceHeader, int size)
    {
        Sequence = sequence;
        EventId = eventId;
        DedupKey = dedupKey;
        DetailType = detailType;
        Detail = detail;
        Resources = resources;
        Time = time;
        TraceHeader = traceHeader;
        Size = size;
    }

    public long Sequence { get; }

    public Guid EventId { get; }

    public string DedupKey { get; }

    public string DetailType { get; }

    /// <summary>The <c>detail</c> JSON object, UTF-8.</summary>
    public byte[] Detail { get; }

    public string[] Resources { get; }

    public DateTimeOffset Time { get; }

    /// <summary>The X-Ray trace header (EventBridge <c>TraceHeader</c>), if any; not part of the size formula.</summary>
    public string? TraceHeader { get; }

    /// <summary>The entry's size by the documented PutEvents formula (<see cref="EntrySize"/>).</summary>
    public int Size { get; }

    /// <summary>Attempts made so far (the background sender is the only writer).</summary>
    public int Attempts { get; set; }
}
