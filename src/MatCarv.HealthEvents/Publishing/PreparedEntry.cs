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

    // Delivery state, read and written by the background sender's loop only.

    /// <summary>The invoked function's ARN when the event was published inside a Lambda invocation.</summary>
    public string? FunctionArn { get; init; }

    /// <summary>The level a stdout line of this event carries for Lambda's log-level filter (<see cref="Transport.LambdaLogLevel"/>).</summary>
    public int LambdaLevel { get; init; } = Transport.LambdaLogLevel.Info;

    /// <summary>Attempts made so far.</summary>
    public int Attempts { get; set; }

    /// <summary>When the sender took the event from the queue (wall clock; retention is measured from here).</summary>
    public DateTimeOffset QueuedAt { get; set; }

    /// <summary>True while a request carrying the entry is in flight.</summary>
    public bool InFlight { get; set; }

    /// <summary>True once delivered or dropped (removed from the sender's list).</summary>
    public bool Done { get; set; }

    /// <summary>When the backoff before the next attempt started (<see cref="TimeProvider.GetTimestamp"/>), 0 before the first failure.</summary>
    public long RetryFrom { get; set; }

    /// <summary>The backoff before the next attempt.</summary>
    public TimeSpan RetryDelay { get; set; }

    /// <summary>The last failure (a PutEvents code, <c>timeout</c>, <c>connection_failed</c>…), for the drop description.</summary>
    public string? LastError { get; set; }
}
