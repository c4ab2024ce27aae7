namespace MatCarv.Observability.Tracing;

/// <summary>Who decides which traces go to X-Ray (<see cref="MatCarvTracingOptions.SamplingMode"/>).</summary>
public enum XRaySamplingMode
{
    /// <summary>
    /// The X-Ray sampling rules of this SDK decide (local rules, a rules file, or centralized rules), whatever other
    /// <c>ActivityListener</c>s such as an OpenTelemetry <c>TracerProvider</c> record: X-Ray receives exactly the traces these
    /// rules chose. The decision travels with the trace in the W3C <c>tracestate</c> entry <c>matcarv=s:1</c>/<c>s:0</c>
    /// (downstream services using this SDK honour it) and in the <c>Sampled=</c> field of <c>X-Amzn-Trace-Id</c>.
    /// </summary>
    OwnRules = 0,

    /// <summary>
    /// This SDK never votes: every activity that any listener recorded (<c>Activity.Recorded</c>) is exported. Use it when an
    /// OpenTelemetry sampler (for example <c>ParentBased(TraceIdRatioBased)</c> or the AWS X-Ray remote sampler) should decide
    /// for both exporters. Without another listener that records, nothing is exported.
    /// </summary>
    FollowRecorded = 1,
}
