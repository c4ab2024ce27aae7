namespace MatCarv.Observability.Metrics.Aggregation;

/// <summary>How a metric aggregates its measurements between two flushes.</summary>
internal enum SeriesKind
{
    /// <summary>Every value is kept and written as an array of data points (IMetrics.AddMetric, histograms).</summary>
    Values,

    /// <summary>Values are summed; the sum is written and reset (counters, up-down counters).</summary>
    Sum,

    /// <summary>The last value is written (gauges, observable gauges and observable up-down counters).</summary>
    LastValue,

    /// <summary>An observed running total; the increase since the previous flush is written (observable counters).</summary>
    CumulativeDelta,
}
