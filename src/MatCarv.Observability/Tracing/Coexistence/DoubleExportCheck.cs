using MatCarv.Observability.Context;
using MatCarv.Observability.Tracing.Otlp;

namespace MatCarv.Observability.Tracing.Coexistence;

/// <summary>
/// Detects the set-up in which every span reaches X-Ray twice: this SDK exports to X-Ray, and an OpenTelemetry SDK in the
/// same process records the same activities and is configured (by the OpenTelemetry environment variables) to send traces
/// to X-Ray too: X-Ray's OTLP endpoint, the CloudWatch agent's Application Signals port 4316, an <c>xray</c> exporter, or
/// ADOT's Application Signals. The in-process half is seen by the exporter (a span recorded by another listener although
/// our sampler did not choose it, or <see cref="XRaySamplingMode.FollowRecorded"/>, where another sampler decides by
/// definition); the other half is read from the environment here. Neither half alone is a problem, so only both warn.
/// </summary>
internal static class DoubleExportCheck
{
    /// <summary>Why the environment says OpenTelemetry sends traces to X-Ray, or null.</summary>
    public static string? OpenTelemetrySendsToXRay(EnvironmentReader env)
    {
        foreach (var name in (ReadOnlySpan<string>)[OtlpEnvironmentVariables.TracesEndpoint, OtlpEnvironmentVariables.Endpoint])
        {
            if (env.Get(name) is { } value && Uri.TryCreate(value, UriKind.Absolute, out var uri))
            {
                if (IsXRayOtlpHost(uri.Host))
                {
                    return name + " points at X-Ray's OTLP endpoint (" + uri.Host + ")";
                }

                if (uri.Port == 4316)
                {
                    return name + " points at port 4316 (the CloudWatch agent's Application Signals endpoint, which forwards to X-Ray)";
                }
            }
        }

        if (env.Get(OtlpEnvironmentVariables.TracesExporter) is { } exporters && exporters.Contains("xray", StringComparison.OrdinalIgnoreCase))
        {
            return OtlpEnvironmentVariables.TracesExporter + " is '" + exporters + "'";
        }

        if (env.GetBool(OtlpEnvironmentVariables.ApplicationSignalsEnabled, false))
        {
            return OtlpEnvironmentVariables.ApplicationSignalsEnabled + " is true (ADOT sends spans to X-Ray through the CloudWatch agent)";
        }

        return null;
    }

    /// <summary>X-Ray's OTLP traces endpoint: <c>xray.&lt;region&gt;.amazonaws.com</c> (and the <c>.com.cn</c> partition).</summary>
    public static bool IsXRayOtlpHost(string host) =>
        host.StartsWith("xray.", StringComparison.OrdinalIgnoreCase)
        && (host.EndsWith(".amazonaws.com", StringComparison.OrdinalIgnoreCase) || host.EndsWith(".amazonaws.com.cn", StringComparison.OrdinalIgnoreCase));

    /// <summary>The one warning line written when both halves hold.</summary>
    public static string Message(string why) =>
        "Another tracer in this process (an OpenTelemetry TracerProvider?) records the activities this SDK sends to X-Ray, and " + why
        + ": each sampled span would reach X-Ray twice. Export traces to X-Ray from one side only: remove the OpenTelemetry exporter, "
        + "or disable X-Ray export here (MatCarvTracingOptions.Enabled = false) and keep MatCarv for logs and metrics. See docs/opentelemetry.md.";
}
