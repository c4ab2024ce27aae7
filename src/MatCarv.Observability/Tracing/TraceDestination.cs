namespace MatCarv.Observability.Tracing;

/// <summary>Where finished spans go (<see cref="MatCarvTracingOptions.Destination"/>).</summary>
public enum TraceDestination
{
    /// <summary>
    /// X-Ray segment documents over UDP to the X-Ray daemon or the CloudWatch agent (<c>AWS_XRAY_DAEMON_ADDRESS</c>). The default,
    /// and what Lambda's built-in X-Ray integration expects.
    /// </summary>
    XRayDaemon = 0,

    /// <summary>
    /// OTLP/HTTP protobuf to an OpenTelemetry endpoint: the CloudWatch agent, an ADOT or OpenTelemetry collector
    /// (<c>OTEL_EXPORTER_OTLP_TRACES_ENDPOINT</c>, <c>OTEL_EXPORTER_OTLP_ENDPOINT</c>, default <c>http://localhost:4318/v1/traces</c>).
    /// An endpoint on <c>xray.&lt;region&gt;.amazonaws.com</c> is signed as <see cref="XRayOtlp"/> is.
    /// </summary>
    Otlp = 1,

    /// <summary>
    /// OTLP/HTTP protobuf straight to X-Ray's OTLP endpoint <c>https://xray.&lt;region&gt;.amazonaws.com/v1/traces</c>, signed with
    /// SigV4 (service <c>xray</c>) by AWSSDK.Core with the default credential chain. Needs CloudWatch Transaction Search.
    /// </summary>
    XRayOtlp = 2,
}
