namespace MatCarv.Observability.Metrics;

/// <summary>The storage resolution of a metric (EMF <c>StorageResolution</c>: only 1 and 60 are valid).</summary>
public enum MetricResolution
{
    /// <summary>Standard resolution, one data point per minute (60). The default; not written to the document.</summary>
    Standard = 60,

    /// <summary>High resolution, one data point per second (1). Billed as a high-resolution metric.</summary>
    High = 1,
}
