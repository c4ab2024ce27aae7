using System.ComponentModel;

namespace MatCarv.Observability.Metrics;

/// <summary>
/// Settings of the EMF metrics signal (configuration section <c>MatCarv:Metrics</c>). Each has an environment-variable default;
/// a value set here (or in the section) wins over the environment.
/// Invalid values fail at start-up with a message naming the setting.
/// </summary>
public sealed class MatCarvMetricsOptions
{
    /// <summary>
    /// The CloudWatch namespace. Default <c>POWERTOOLS_METRICS_NAMESPACE</c>, then <c>AWS_EMF_NAMESPACE</c>, then the shared
    /// <see cref="MatCarvObservabilityOptions.ServiceNamespace"/>, else <c>default_namespace</c> (as Powertools TypeScript).
    /// 1–255 characters of letters, digits, space and <c>. _ # : / -</c>; must not start with <c>AWS/</c>.
    /// </summary>
    public string? Namespace { get; set; }

    /// <summary>When false, nothing is recorded or written. Default: not <c>POWERTOOLS_METRICS_DISABLED</c>.</summary>
    public bool? Enabled { get; set; }

    /// <summary>
    /// The dimension key carrying the service name on every metric. Default <c>service</c>, as Powertools TypeScript and
    /// Python write it (Powertools .NET v2 writes <c>Service</c>: set that to keep existing dashboards). Null or empty: no
    /// service dimension. The dimension is also left out while the service name is <c>service_undefined</c>.
    /// </summary>
    public string? ServiceDimensionKey { get; set; } = "service";

    /// <summary>Dimensions added to every metric (at most 29 besides the service dimension), kept across flushes.</summary>
    public IDictionary<string, string> DefaultDimensions { get; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>Writes the <c>ColdStart</c> metric (value 1, dimension <c>function_name</c>) on the first Lambda invocation. Default true.</summary>
    public bool CaptureColdStart { get; set; } = true;

    /// <summary>The <c>function_name</c> of the cold-start metric. Default <c>POWERTOOLS_METRICS_FUNCTION_NAME</c>, then the invocation's function name.</summary>
    public string? FunctionName { get; set; }

    /// <summary>
    /// How often aggregated metrics are written in long-running services (the interval their values are aggregated over).
    /// Default 60 seconds, as OpenTelemetry's <c>OTEL_METRIC_EXPORT_INTERVAL</c>. Lambda writes at the end of every invocation
    /// instead. Not the stdout cadence: that is <see cref="MatCarvObservabilityOptions.OutputFlushInterval"/>.
    /// </summary>
    public TimeSpan ExportInterval { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>The former name of <see cref="ExportInterval"/> (0.1.0).</summary>
    [Obsolete("Use ExportInterval (MatCarv:Metrics:ExportInterval in configuration); the stdout cadence is MatCarvObservabilityOptions.OutputFlushInterval.")]
    [EditorBrowsable(EditorBrowsableState.Never)]
    public TimeSpan FlushInterval
    {
        get => ExportInterval;
        set => ExportInterval = value;
    }

    /// <summary>Where documents go. Default <see cref="MetricsDestination.Auto"/>.</summary>
    public MetricsDestination Destination { get; set; } = MetricsDestination.Auto;

    /// <summary>The CloudWatch agent address, <c>tcp://host:port</c> or <c>udp://host:port</c>. Default <c>AWS_EMF_AGENT_ENDPOINT</c>, else <c>tcp://127.0.0.1:25888</c>.</summary>
    public string? AgentEndpoint { get; set; }

    /// <summary>The log group the agent writes to (<c>_aws.LogGroupName</c>). Default <c>AWS_EMF_LOG_GROUP_NAME</c>, else <c>&lt;service&gt;-metrics</c>.</summary>
    public string? LogGroupName { get; set; }

    /// <summary>The log stream the agent writes to (<c>_aws.LogStreamName</c>). Default <c>AWS_EMF_LOG_STREAM_NAME</c>, else chosen by the agent.</summary>
    public string? LogStreamName { get; set; }

    /// <summary>Documents queued for the agent before new ones are dropped and counted. Default <c>AWS_EMF_AGENT_BUFFER_SIZE</c>, else 10,000.</summary>
    public int? AgentQueueCapacity { get; set; }

    /// <summary>
    /// The largest document written, in bytes; larger documents are split further. Default 256 KiB (the CloudWatch Logs
    /// event limit of the EMF specification); the UDP agent transport caps it at 65,000 bytes (one datagram).
    /// </summary>
    public int MaxDocumentBytes { get; set; } = 256 * 1024;

    /// <summary>
    /// Meters whose instruments are written as EMF: exact names, or prefixes ending with <c>*</c> (<c>"MyCompany.*"</c>);
    /// <c>"*"</c> selects every meter. Default none.
    /// </summary>
    public IList<string> Meters { get; } = new List<string>();

    /// <summary>Which measurement tags become dimensions. Default <see cref="MeterTagPolicy.AllTags"/>.</summary>
    public MeterTagPolicy MeterTagPolicy { get; set; } = MeterTagPolicy.AllTags;

    /// <summary>The tags that become dimensions under <see cref="MeterTagPolicy.AllowList"/>.</summary>
    public ISet<string> MeterTagAllowList { get; } = new HashSet<string>(StringComparer.Ordinal);

    /// <summary>
    /// The most distinct dimension combinations per metric (per instrument, and per metric name of the <see cref="IMetrics"/>
    /// API). Measurements that would add one more are dropped and counted (<c>cardinality_limit</c>). Default 2000.
    /// </summary>
    public int CardinalityLimit { get; set; } = 2000;

    /// <summary>
    /// How many values of one metric (one dimension combination) are written individually per flush interval: exactly, in
    /// the order recorded, as an array of data points (what Powertools writes). From the next value on, the interval's values
    /// are aggregated into a distribution (EMF <c>Values</c>/<c>Counts</c> with the exact count, sum, minimum and maximum;
    /// each written value within 1/33 of the values it stands for), so memory and output stay bounded at any rate and no value
    /// is dropped. Applies to <see cref="IMetrics.AddMetric(string, double, MetricUnit, MetricResolution)"/> and histograms.
    /// Default 100 (one EMF document); 0 aggregates every interval.
    /// </summary>
    public int MaxValuesPerMetric { get; set; } = 100;

    /// <summary>The storage resolution of metrics coming from meters. Default <see cref="MetricResolution.Standard"/>.</summary>
    public MetricResolution MeterResolution { get; set; } = MetricResolution.Standard;
}
