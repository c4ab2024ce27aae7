namespace MatCarv.Observability.Tracing.Export;

/// <summary>What kind of X-Ray object a span is written as.</summary>
internal enum SegmentKind
{
    /// <summary>A segment: a local root outside Lambda (<c>trace_id</c>, optional <c>parent_id</c>, service fields).</summary>
    Segment = 0,

    /// <summary>A subsegment nested in its parent's document.</summary>
    Subsegment = 1,

    /// <summary>A subsegment sent as a document of its own (<c>type</c>, <c>parent_id</c> and <c>trace_id</c> first).</summary>
    StandaloneSubsegment = 2,
}
