namespace MatCarv.Observability.Metrics;

/// <summary>
/// CloudWatch metrics in the Embedded Metric Format, Powertools style. Thread-safe: any number of threads may record at
/// once. Metrics are buffered and written at the end of each Lambda invocation, periodically in services
/// (<see cref="MatCarvMetricsOptions.ExportInterval"/>) and at shutdown. Invalid input (a NaN or infinite value, an invalid
/// name) is dropped and counted, never thrown.
/// </summary>
public interface IMetrics
{
    /// <summary>The CloudWatch namespace of every document.</summary>
    string MetricNamespace { get; }

    /// <summary>
    /// Adds a value to a metric of the shared dimension set (service, default dimensions and those added with
    /// <see cref="AddDimension"/>). Several values of one metric before a flush become an array of data points; more than
    /// <see cref="MatCarvMetricsOptions.MaxValuesPerMetric"/> (100) become one distribution of all of them (EMF
    /// <c>Values</c>/<c>Counts</c> with the exact count, sum, minimum and maximum): none is dropped, memory stays bounded.
    /// </summary>
    /// <param name="name">The metric name (1–1024 characters, not only white space, no control characters).</param>
    /// <param name="value">The value; NaN and infinities are dropped.</param>
    /// <param name="unit">The unit; a metric keeps the unit and resolution of its first value until the next flush.</param>
    /// <param name="resolution">The storage resolution.</param>
    void AddMetric(string name, double value, MetricUnit unit = MetricUnit.None, MetricResolution resolution = MetricResolution.Standard);

    /// <summary>
    /// Adds a value to a metric with its own dimensions (plus the service and default dimensions), without allocating:
    /// <c>metrics.AddMetric("Orders", 1, MetricUnit.Count, MetricResolution.Standard, [new("operation", "put")])</c>.
    /// Values aggregate per name and dimensions as with the shared set: exact while few, then a bounded distribution.
    /// </summary>
    /// <param name="name">The metric name.</param>
    /// <param name="value">The value; NaN and infinities are dropped.</param>
    /// <param name="unit">The unit.</param>
    /// <param name="resolution">The storage resolution.</param>
    /// <param name="dimensions">The metric's dimensions (keys 1–250 ASCII characters, values 1–1024 ASCII characters).</param>
    void AddMetric(string name, double value, MetricUnit unit, MetricResolution resolution, ReadOnlySpan<KeyValuePair<string, string>> dimensions);

    /// <summary>Adds a dimension to the shared dimension set until the next flush (Powertools <c>AddDimension</c>).</summary>
    /// <param name="key">The dimension key.</param>
    /// <param name="value">The dimension value.</param>
    void AddDimension(string key, string value);

    /// <summary>
    /// Adds another dimension set to the shared metrics until the next flush: each metric is then also published with the
    /// service and default dimensions plus these (Powertools TypeScript <c>addDimensions</c>).
    /// </summary>
    /// <param name="dimensions">The dimensions of the set.</param>
    void AddDimensionSet(IEnumerable<KeyValuePair<string, string>> dimensions);

    /// <summary>Replaces the default dimensions, which are added to every metric and kept across flushes.</summary>
    /// <param name="dimensions">The default dimensions.</param>
    void SetDefaultDimensions(IEnumerable<KeyValuePair<string, string>> dimensions);

    /// <summary>Adds a searchable field (not a dimension) to the shared metrics' documents until the next flush.</summary>
    /// <param name="key">The field name.</param>
    /// <param name="value">The value.</param>
    void AddMetadata(string key, string value);

    /// <summary>Adds a numeric searchable field (not a dimension) to the shared metrics' documents until the next flush.</summary>
    /// <param name="key">The field name.</param>
    /// <param name="value">The value; NaN and infinities are dropped.</param>
    void AddMetadata(string key, double value);

    /// <summary>Writes one metric at once in its own document, with its own dimensions plus the service and default dimensions.</summary>
    /// <param name="name">The metric name.</param>
    /// <param name="value">The value.</param>
    /// <param name="unit">The unit.</param>
    /// <param name="resolution">The storage resolution.</param>
    /// <param name="dimensions">The metric's dimensions, or null.</param>
    void PushSingleMetric(string name, double value, MetricUnit unit = MetricUnit.None, MetricResolution resolution = MetricResolution.Standard, IEnumerable<KeyValuePair<string, string>>? dimensions = null);

    /// <summary>Writes every buffered metric now (Lambda does this at the end of each invocation).</summary>
    void Flush();
}
