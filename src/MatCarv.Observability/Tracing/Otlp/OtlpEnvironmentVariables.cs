namespace MatCarv.Observability.Tracing.Otlp;

/// <summary>
/// The OpenTelemetry exporter environment variables (OpenTelemetry specification, "OpenTelemetry Protocol Exporter"), read
/// by the OTLP exporter and by the double-export check. Signal-specific variables win over the generic ones.
/// </summary>
internal static class OtlpEnvironmentVariables
{
    public const string Endpoint = "OTEL_EXPORTER_OTLP_ENDPOINT";
    public const string TracesEndpoint = "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT";
    public const string Headers = "OTEL_EXPORTER_OTLP_HEADERS";
    public const string TracesHeaders = "OTEL_EXPORTER_OTLP_TRACES_HEADERS";
    public const string Timeout = "OTEL_EXPORTER_OTLP_TIMEOUT";
    public const string TracesTimeout = "OTEL_EXPORTER_OTLP_TRACES_TIMEOUT";
    public const string Protocol = "OTEL_EXPORTER_OTLP_PROTOCOL";
    public const string TracesProtocol = "OTEL_EXPORTER_OTLP_TRACES_PROTOCOL";
    public const string Compression = "OTEL_EXPORTER_OTLP_COMPRESSION";
    public const string TracesCompression = "OTEL_EXPORTER_OTLP_TRACES_COMPRESSION";
    public const string ServiceName = "OTEL_SERVICE_NAME";
    public const string ResourceAttributes = "OTEL_RESOURCE_ATTRIBUTES";
    public const string TracesExporter = "OTEL_TRACES_EXPORTER";

    /// <summary>ADOT: Application Signals on (the ADOT SDKs then send spans to the CloudWatch agent, which forwards them to X-Ray).</summary>
    public const string ApplicationSignalsEnabled = "OTEL_AWS_APPLICATION_SIGNALS_ENABLED";
}
