namespace MatCarv.Observability.Metrics.Aggregation;

/// <summary>How a metric aggregates its measurements between two flushes.</summary>
internal enum SeriesKind
{
    /// <summary>
    /// Data points: the first values of an interval exactly, then a bounded distribution of all of them
    /// (<see cref="DistributionRecorder"/>). <c>IMetrics.AddMetric</c> and histograms.
    /// </summary>
    Distribution,

    /// <summary>Values are summed; the sum is written and reset (counters, up-down counters).</summary>
    Sum,

    /// <summary>The last value is written (gauges, observable gauges and observable up-down counters).</summary>
    LastValue,

    /// <summary>An observed running total; the increase since the previous flush is written (observable counters).</summary>
    CumulativeDelta,
}
