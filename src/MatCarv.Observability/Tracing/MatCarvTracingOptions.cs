namespace MatCarv.Observability.Tracing;

/// <summary>
/// Settings of the X-Ray tracing signal. Every setting has a default from the environment or the X-Ray conventions;
/// a value set here wins over the environment.
/// </summary>
public sealed class MatCarvTracingOptions
{
    /// <summary>
    /// Whether finished activities are exported. Null (default) means enabled unless <c>POWERTOOLS_TRACE_DISABLED=true</c>.
    /// </summary>
    public bool? Enabled { get; set; }

    /// <summary>
    /// Extra <c>ActivitySource</c> names to export. A name ending in <c>*</c> is a prefix (<c>"MyCompany.*"</c>).
    /// The SDK's own source (<see cref="MatCarvTracer.SourceName"/>) and a source named after the service are always included.
    /// </summary>
    public IList<string> Sources { get; } = new List<string>();

    /// <summary>Export outgoing HTTP calls made with <c>HttpClient</c> (source <c>System.Net.Http</c>). Default true.</summary>
    public bool TraceHttpClient { get; set; } = true;

    /// <summary>Export incoming ASP.NET Core requests (source <c>Microsoft.AspNetCore</c>). Default true.</summary>
    public bool TraceAspNetCore { get; set; } = true;

    /// <summary>Export AWS SDK calls (sources <c>AWSSDK.*</c> and <c>Amazon.AWS.*</c>). Default true.</summary>
    public bool TraceAwsSdk { get; set; } = true;

    /// <summary>
    /// Where spans go. Null (default): <see cref="TraceDestination.Otlp"/> when <c>OTEL_TRACES_EXPORTER</c> is <c>otlp</c>, else
    /// <see cref="TraceDestination.XRayDaemon"/> (UDP, the default everywhere and in Lambda).
    /// </summary>
    public TraceDestination? Destination { get; set; }

    /// <summary>
    /// The OTLP traces URL for <see cref="TraceDestination.Otlp"/> and <see cref="TraceDestination.XRayOtlp"/>, used as given. Default:
    /// <c>OTEL_EXPORTER_OTLP_TRACES_ENDPOINT</c>, else <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> + <c>/v1/traces</c>, else
    /// <c>http://localhost:4318/v1/traces</c>; for <see cref="TraceDestination.XRayOtlp"/> <c>https://xray.&lt;region&gt;.amazonaws.com/v1/traces</c>.
    /// Headers, timeout and compression come from the <c>OTEL_EXPORTER_OTLP_(TRACES_)HEADERS/TIMEOUT/COMPRESSION</c> variables.
    /// </summary>
    public string? OtlpEndpoint { get; set; }

    /// <summary>
    /// Where segments are sent: <c>host:port</c> or <c>tcp:host:port udp:host:port</c>. Default
    /// <c>AWS_XRAY_DAEMON_ADDRESS</c>, else <c>127.0.0.1:2000</c>. An invalid value fails at start-up.
    /// </summary>
    public string? DaemonAddress { get; set; }

    /// <summary>The name of segments (outside Lambda). Default: the service name.</summary>
    public string? SegmentName { get; set; }

    /// <summary>
    /// Who decides which traces are exported to X-Ray. Default <see cref="XRaySamplingMode.OwnRules"/>: the sampling settings
    /// below, independent of what an OpenTelemetry <c>TracerProvider</c> in the same process records.
    /// </summary>
    public XRaySamplingMode SamplingMode { get; set; } = XRaySamplingMode.OwnRules;

    /// <summary>Local sampling: traces always sampled per second before <see cref="SamplingRate"/> applies. Default 1 (X-Ray default rule).</summary>
    public int SamplingFixedTarget { get; set; } = 1;

    /// <summary>Local sampling: the fraction of further traces sampled, 0 to 1. Default 0.05 (X-Ray default rule).</summary>
    public double SamplingRate { get; set; } = 0.05;

    /// <summary>
    /// A JSON file of local sampling rules in the X-Ray SDK format (<c>{"version":2,"rules":[…],"default":{…}}</c>).
    /// When set it replaces <see cref="SamplingFixedTarget"/> and <see cref="SamplingRate"/>. A missing or invalid file fails at start-up.
    /// </summary>
    public string? SamplingRulesFile { get; set; }

    /// <summary>
    /// Use X-Ray centralized sampling rules and quotas through the daemon's TCP proxy (<c>GetSamplingRules</c>,
    /// <c>SamplingTargets</c>) on the TCP address of <see cref="DaemonAddress"/>. Local rules apply until the daemon answers
    /// and whenever it does not. Ignored in Lambda (Lambda decides). Default false.
    /// </summary>
    public bool CentralizedSampling { get; set; }

    /// <summary>
    /// Sets <c>Activity.TraceIdGenerator</c> (process-wide) so every new trace id is a valid X-Ray trace id (epoch seconds,
    /// then cryptographic randomness). Logs, spans and headers then show the same id. Default true.
    /// </summary>
    public bool UseXRayTraceIds { get; set; } = true;

    /// <summary>
    /// Replaces <c>DistributedContextPropagator.Current</c> (process-wide, and the one in the service collection) with one that
    /// writes <c>X-Amzn-Trace-Id</c> next to <c>traceparent</c> on outgoing HTTP calls and reads either on incoming requests. Default true.
    /// </summary>
    public bool PropagateXRayHeader { get; set; } = true;

    /// <summary>Record handler responses as metadata. Null (default) reads <c>POWERTOOLS_TRACER_CAPTURE_RESPONSE</c> (default true).</summary>
    public bool? CaptureResponse { get; set; }

    /// <summary>Record exceptions as <c>cause</c> and metadata. Null (default) reads <c>POWERTOOLS_TRACER_CAPTURE_ERROR</c> (default true).</summary>
    public bool? CaptureError { get; set; }

    /// <summary>
    /// Activity tag keys written as X-Ray annotations (indexed, searchable) instead of metadata. A span can also list keys in
    /// its <c>aws.xray.annotations</c> tag (the AWS OpenTelemetry convention).
    /// </summary>
    public ISet<string> AnnotationTags { get; } = new HashSet<string>(StringComparer.Ordinal);

    /// <summary>Finished spans held for the background sender; beyond it spans are dropped and counted. Default 8192.</summary>
    public int QueueCapacity { get; set; } = 8192;
}
