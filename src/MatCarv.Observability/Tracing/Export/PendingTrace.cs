using System.Diagnostics;

namespace MatCarv.Observability.Tracing.Export;

/// <summary>
/// The finished spans of a trace whose local root has not finished yet, serialised as they arrive into one reused arena.
/// Instances are pooled by <see cref="TraceAssembler"/>.
/// </summary>
internal sealed class PendingTrace
{
    public ByteArena Arena { get; } = new(1024);

    public SpanRecord[] Spans { get; private set; } = new SpanRecord[8];

    public int Count { get; private set; }

    /// <summary>Bytes the pending spans take in documents (each object with its closing brace).</summary>
    public long Bytes { get; set; }

    public long LastAdded { get; set; }

    public ActivityTraceId TraceId { get; set; }

    /// <summary>Adds the record of the span whose object was just written at <paramref name="offset"/>.</summary>
    public void Add(Activity activity, int offset, int length)
    {
        if (Count == Spans.Length)
        {
            var larger = new SpanRecord[Spans.Length * 2];
            Spans.AsSpan().CopyTo(larger);
            Spans = larger;
        }

        Spans[Count++] = new SpanRecord
        {
            Activity = activity,
            SpanId = activity.SpanId,
            ParentSpanId = activity.ParentSpanId,
            Offset = offset,
            Length = length,
            FirstChild = -1,
            NextSibling = -1,
        };
        Bytes += length + 1;
    }

    /// <summary>Forgets every span (the activities are released to the GC).</summary>
    public void Clear()
    {
        Spans.AsSpan(0, Count).Clear();
        Count = 0;
        Bytes = 0;
        Arena.Truncate(0);
    }
}
