namespace MatCarv.Observability.Metrics;

/// <summary>Which tags of a <c>System.Diagnostics.Metrics</c> measurement become EMF dimensions.</summary>
public enum MeterTagPolicy
{
    /// <summary>Every tag becomes a dimension (each distinct combination is a CloudWatch metric, bounded by the cardinality limit).</summary>
    AllTags = 0,

    /// <summary>Only tags named in <see cref="MatCarvMetricsOptions.MeterTagAllowList"/> become dimensions; other tags are ignored.</summary>
    AllowList = 1,

    /// <summary>No tag becomes a dimension: every measurement of an instrument is aggregated into one metric.</summary>
    None = 2,
}
