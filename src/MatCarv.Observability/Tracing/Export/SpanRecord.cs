using System.Diagnostics;

namespace MatCarv.Observability.Tracing.Export;

/// <summary>
/// A finished span of an open trace: where its JSON object (nested-subsegment form, without its closing brace) sits in the
/// trace's <see cref="PendingTrace.Arena"/>, and the links that nest it when the trace is sent. A struct in a reused array:
/// holding a span costs no allocation.
/// </summary>
internal struct SpanRecord
{
    public Activity Activity;

    public ActivitySpanId SpanId;

    public ActivitySpanId ParentSpanId;

    /// <summary>Start of the object in the arena.</summary>
    public int Offset;

    /// <summary>Length of the object without its closing brace.</summary>
    public int Length;

    /// <summary>Bytes of this span with all its children nested (closing brace included).</summary>
    public long SubtreeBytes;

    /// <summary>First child (index into the trace's records), or -1.</summary>
    public int FirstChild;

    /// <summary>Next sibling, or -1.</summary>
    public int NextSibling;
}
