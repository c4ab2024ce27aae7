using System.Globalization;
using MatCarv.Observability.Context;
using E = MatCarv.Observability.Tracing.Otlp.OtlpEnvironmentVariables;

namespace MatCarv.Observability.Tracing.Otlp;

/// <summary>
/// The OTLP exporter's settings, resolved once from <see cref="MatCarvTracingOptions"/> and the OpenTelemetry environment
/// variables as the OpenTelemetry specification defines them ("OpenTelemetry Protocol Exporter"): a signal-specific variable
/// wins over the generic one; <c>OTEL_EXPORTER_OTLP_TRACES_ENDPOINT</c> is used as-is while <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is
/// a base URL to which <c>v1/traces</c> is appended; headers are a comma-separated list of percent-encoded <c>key=value</c>;
/// the timeout is in milliseconds (default 10 s); compression is <c>gzip</c> or <c>none</c>. Only <c>http/protobuf</c> is
/// spoken (X-Ray's endpoint does not accept gRPC).
/// </summary>
internal sealed class OtlpSettings
{
    public const string DefaultEndpoint = "http://localhost:4318/v1/traces";

    /// <summary>OpenTelemetry's default batch size (BatchSpanProcessor <c>maxExportBatchSize</c>).</summary>
    public const int MaxSpansPerRequest = 512;

    /// <summary>X-Ray's OTLP endpoint rejects requests over 5 MB uncompressed; batches stop at 1 MB, far below.</summary>
    public const int MaxRequestBytes = 1024 * 1024;

    /// <summary>X-Ray's OTLP endpoint rejects spans over 200 KB: such a span is dropped and counted rather than failing its batch.</summary>
    public const int MaxSpanBytes = 200 * 1024;

    private OtlpSettings(Uri endpoint, IReadOnlyList<KeyValuePair<string, string>> headers, TimeSpan timeout, bool gzip, string? signingRegion)
    {
        Endpoint = endpoint;
        Headers = headers;
        Timeout = timeout;
        Gzip = gzip;
        SigningRegion = signingRegion;
    }

    public Uri Endpoint { get; }

    public IReadOnlyList<KeyValuePair<string, string>> Headers { get; }

    public TimeSpan Timeout { get; }

    public bool Gzip { get; }

    /// <summary>The region requests are SigV4-signed for (service <c>xray</c>), or null when they are not signed.</summary>
    public string? SigningRegion { get; }

    /// <summary>The destination: the option, else <c>OTEL_TRACES_EXPORTER=otlp</c>, else the daemon.</summary>
    public static TraceDestination ResolveDestination(MatCarvTracingOptions options, EnvironmentReader env) =>
        options.Destination ?? (string.Equals(env.Get(E.TracesExporter)?.Trim(), "otlp", StringComparison.OrdinalIgnoreCase)
            ? TraceDestination.Otlp
            : TraceDestination.XRayDaemon);

    /// <summary>Resolves the settings, adding one message per invalid setting (naming it) to <paramref name="errors"/>.</summary>
    public static OtlpSettings? Resolve(MatCarvTracingOptions options, TraceDestination destination, EnvironmentReader env, string? region, List<string> errors)
    {
        int before = errors.Count;
        string endpointText;
        string endpointSource;
        if (options.OtlpEndpoint is { } explicitEndpoint)
        {
            (endpointText, endpointSource) = (explicitEndpoint, "MatCarvTracingOptions.OtlpEndpoint");
        }
        else if (destination == TraceDestination.XRayOtlp)
        {
            (endpointText, endpointSource) = ("https://xray." + (region ?? "<region>") + ".amazonaws.com/v1/traces", "the X-Ray OTLP endpoint");
        }
        else if (env.Get(E.TracesEndpoint) is { } tracesEndpoint)
        {
            (endpointText, endpointSource) = (tracesEndpoint, E.TracesEndpoint);
        }
        else if (env.Get(E.Endpoint) is { } baseEndpoint)
        {
            (endpointText, endpointSource) = (baseEndpoint.TrimEnd('/') + "/v1/traces", E.Endpoint);
        }
        else
        {
            (endpointText, endpointSource) = (DefaultEndpoint, "the default OTLP endpoint");
        }

        if (!Uri.TryCreate(endpointText.Trim(), UriKind.Absolute, out var endpoint) || (endpoint.Scheme != Uri.UriSchemeHttp && endpoint.Scheme != Uri.UriSchemeHttps))
        {
            errors.Add(endpointSource + " is '" + endpointText + "', which is not an http(s) URL. Use for example http://localhost:4318/v1/traces.");
        }

        string? signingRegion = null;
        if (destination == TraceDestination.XRayOtlp || (endpoint is not null && Coexistence.DoubleExportCheck.IsXRayOtlpHost(endpoint.Host)))
        {
            // X-Ray's endpoint is signed for the region in its host name; another host (a VPC endpoint, a test) for the configured one.
            signingRegion = endpoint is not null && Coexistence.DoubleExportCheck.IsXRayOtlpHost(endpoint.Host) ? endpoint.Host.Split('.')[1] : region;
            if (signingRegion is null)
            {
                errors.Add("TraceDestination.XRayOtlp needs an AWS region to sign for: set MatCarv:Region (MatCarvObservabilityOptions.Region) or AWS_REGION.");
            }
        }

        var protocol = env.Get(E.TracesProtocol) is { } p1 ? (p1, E.TracesProtocol) : env.Get(E.Protocol) is { } p2 ? (p2, E.Protocol) : ("http/protobuf", null);
        if (!string.Equals(protocol.Item1.Trim(), "http/protobuf", StringComparison.OrdinalIgnoreCase))
        {
            errors.Add(protocol.Item2 + " is '" + protocol.Item1 + "'; this SDK exports traces with 'http/protobuf' only (X-Ray's OTLP endpoint does not accept gRPC). Remove the variable or set it to http/protobuf.");
        }

        var timeout = TimeSpan.FromSeconds(10);
        var timeoutVariable = env.Get(E.TracesTimeout) is not null ? E.TracesTimeout : E.Timeout;
        if (env.Get(timeoutVariable) is { } timeoutText)
        {
            if (int.TryParse(timeoutText.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var ms) && ms > 0)
            {
                timeout = TimeSpan.FromMilliseconds(ms);
            }
            else
            {
                errors.Add(timeoutVariable + " is '" + timeoutText + "'; use a positive number of milliseconds (default 10000).");
            }
        }

        bool gzip = false;
        var compressionVariable = env.Get(E.TracesCompression) is not null ? E.TracesCompression : E.Compression;
        if (env.Get(compressionVariable) is { } compression)
        {
            gzip = compression.Trim().ToLowerInvariant() switch
            {
                "gzip" => true,
                "none" => false,
                _ => AddError(errors, compressionVariable + " is '" + compression + "'; use gzip or none."),
            };
        }

        var headers = new List<KeyValuePair<string, string>>();
        var headersVariable = env.Get(E.TracesHeaders) is not null ? E.TracesHeaders : E.Headers;
        if (env.Get(headersVariable) is { } headerText && !TryParseHeaders(headerText, headers))
        {
            errors.Add(headersVariable + " is not a comma-separated list of key=value pairs (values percent-encoded).");
        }

        return errors.Count > before ? null : new OtlpSettings(endpoint!, headers, timeout, gzip, signingRegion);
    }

    /// <summary>Parses <c>key1=value1,key2=value2</c> (W3C baggage-like; values percent-decoded; empty members skipped).</summary>
    public static bool TryParseHeaders(string text, List<KeyValuePair<string, string>> headers)
    {
        foreach (var member in text.Split(','))
        {
            if (string.IsNullOrWhiteSpace(member))
            {
                continue;
            }

            int eq = member.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
            {
                return false;
            }

            var key = member[..eq].Trim();
            var value = Uri.UnescapeDataString(member[(eq + 1)..].Trim());
            if (key.Length == 0)
            {
                return false;
            }

            headers.Add(new KeyValuePair<string, string>(key, value));
        }

        return true;
    }

    private static bool AddError(List<string> errors, string message)
    {
        errors.Add(message);
        return false;
    }
}
