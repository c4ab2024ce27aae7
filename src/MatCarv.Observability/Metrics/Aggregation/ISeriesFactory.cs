namespace MatCarv.Observability.Metrics.Aggregation;

/// <summary>Creates (or finds) the series for a combination of tags not seen before by a <see cref="SeriesTable"/>.</summary>
internal interface ISeriesFactory
{
    /// <summary>The series, or null with the reason the measurements of this combination are dropped. <paramref name="hint"/> is the caller's pass-through (unit and resolution).</summary>
    MetricSeries? Create(string? name, ReadOnlySpan<KeyValuePair<string, object?>> tags, int hint, out string? dropReason);
}
