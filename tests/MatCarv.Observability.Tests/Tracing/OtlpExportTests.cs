using System.Diagnostics;
using System.Text;
using MatCarv.HealthEvents.Tests.Infrastructure;
using MatCarv.Observability.Tests.Tracing.Support;
using MatCarv.Observability.Tracing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace MatCarv.Observability.Tests.Tracing;

/// <summary>OTLP/HTTP export to a real loopback receiver, decoded with Google.Protobuf independently of our encoder.</summary>
public sealed class OtlpExportTests
{
    private static Dictionary<string, string?> Environment(OtlpReceiver receiver, params (string Key, string Value)[] extra)
    {
        var env = new Dictionary<string, string?>
        {
            ["POWERTOOLS_SERVICE_NAME"] = "orders",
            ["MATCARV_ENVIRONMENT"] = "prod",
            ["MATCARV_SERVICE_VERSION"] = "1.2.3",
            ["AWS_REGION"] = "eu-west-1",
            ["ECS_CONTAINER_METADATA_URI_V4"] = "http://127.0.0.1:1/never-read",
            ["HOSTNAME"] = "orders-7f9c",
            ["OTEL_TRACES_EXPORTER"] = "otlp",
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = receiver.BaseUrl,
            ["OTEL_RESOURCE_ATTRIBUTES"] = "aws.log.group.names=/ecs/orders&/ecs/orders-audit,team=payments%20core",
        };
        foreach (var (key, value) in extra)
        {
            env[key] = value;
        }

        return env;
    }

    [Fact]
    public async Task Spans_reach_a_loopback_OTLP_receiver_decoded_and_complete()
    {
        using var receiver = new OtlpReceiver();
        await using var harness = new TracingHarness(
            Environment(receiver, ("OTEL_EXPORTER_OTLP_HEADERS", "x-tenant=blue,authorization=Bearer%20abc"), ("OTEL_EXPORTER_OTLP_COMPRESSION", "gzip")),
            o => o.SamplingRate = 1);

        var linked = new ActivityContext(ActivityTraceId.CreateRandom(), ActivitySpanId.CreateRandom(), ActivityTraceFlags.Recorded, "rojo=1", isRemote: true);
        Activity root, child;
        using (root = harness.Source.StartActivity(ActivityKind.Server, default(ActivityContext), [new("http.request.method", "GET"), new("url.path", "/orders/42")], [new ActivityLink(linked, new ActivityTagsCollection { ["link.reason"] = "batch" })], name: "GET /orders/{id}")!)
        {
            root.SetTag("http.response.status_code", 200);
            root.SetTag("ratio", 0.25);
            root.SetTag("cached", true);
            root.SetTag("items", new[] { "a", "b" });
            root.SetTag("counts", new[] { 1L, 2L });
            using (var span = harness.Tracer.StartSpan("charge", ActivityKind.Client))
            {
                child = span.Activity!;
                span.AddAnnotation("customer", "c-9");
                span.AddMetadata("amount", 12.5);
                span.CaptureError(new InvalidOperationException("card declined"));
            }
        }

        await harness.FlushAsync();
        var requests = await receiver.WaitForAsync(r => r.SelectMany(x => x.Decode().Spans).Count() >= 2);
        var request = Assert.Single(requests);
        Assert.Equal("POST", request.Method);
        Assert.Equal("/v1/traces", request.Path);
        Assert.Equal("application/x-protobuf", request.Headers["Content-Type"]);
        Assert.Equal("gzip", request.Headers["Content-Encoding"]);
        Assert.Equal("blue", request.Headers["x-tenant"]);
        Assert.Equal("Bearer abc", request.Headers["authorization"]);

        var decoded = request.Decode();
        var resource = decoded.Resource;
        Assert.Equal("orders", resource["service.name"]);
        Assert.Equal("1.2.3", resource["service.version"]);
        Assert.Equal("prod", resource["deployment.environment"]);
        Assert.Equal("prod", resource["deployment.environment.name"]);
        Assert.Equal("aws", resource["cloud.provider"]);
        Assert.Equal("aws_ecs", resource["cloud.platform"]);
        Assert.Equal("eu-west-1", resource["cloud.region"]);
        Assert.Equal("orders-7f9c", resource["host.name"]);
        Assert.Equal(new object?[] { "/ecs/orders", "/ecs/orders-audit" }, resource["aws.log.group.names"]);
        Assert.Equal("payments core", resource["team"]);
        Assert.Equal("dotnet", resource["telemetry.sdk.language"]);
        Assert.Equal("matcarv", resource["telemetry.sdk.name"]);

        var spans = decoded.Spans.ToDictionary(s => s.SpanId);
        var r = spans[root.SpanId.ToHexString()];
        Assert.Equal(root.TraceId.ToHexString(), r.TraceId);
        Assert.Equal(string.Empty, r.ParentSpanId);
        Assert.Equal("GET /orders/{id}", r.Name);
        Assert.Equal(2, r.Kind); // SPAN_KIND_SERVER
        Assert.Equal((ulong)(root.StartTimeUtc - DateTime.UnixEpoch).Ticks * 100, r.StartTimeUnixNano);
        Assert.Equal(r.StartTimeUnixNano + ((ulong)root.Duration.Ticks * 100), r.EndTimeUnixNano);
        Assert.Equal("matcarv=s:1", r.TraceState);
        Assert.Equal(0x101u, r.Flags); // sampled, context has is-remote information, parent not remote
        Assert.Equal("GET", r.Attributes["http.request.method"]);
        Assert.Equal(200L, r.Attributes["http.response.status_code"]);
        Assert.Equal(0.25, r.Attributes["ratio"]);
        Assert.Equal(true, r.Attributes["cached"]);
        Assert.Equal(new object?[] { "a", "b" }, r.Attributes["items"]);
        Assert.Equal(new object?[] { 1L, 2L }, r.Attributes["counts"]);
        var link = Assert.Single(r.Links);
        Assert.Equal(linked.TraceId.ToHexString(), link.TraceId);
        Assert.Equal(linked.SpanId.ToHexString(), link.SpanId);
        Assert.Equal("rojo=1", link.TraceState);
        Assert.Equal("batch", link.Attributes["link.reason"]);
        Assert.Equal(0x301u, link.Flags);

        var c = spans[child.SpanId.ToHexString()];
        Assert.Equal(root.SpanId.ToHexString(), c.ParentSpanId);
        Assert.Equal(3, c.Kind); // SPAN_KIND_CLIENT
        Assert.Equal(2, c.StatusCode); // STATUS_CODE_ERROR
        Assert.Equal("card declined", c.StatusMessage);
        Assert.Equal("c-9", c.Attributes["customer"]);
        Assert.Equal(new object?[] { "customer" }, c.Attributes["aws.xray.annotations"]);
        Assert.Equal(12.5, c.Attributes["orders.amount"]);
        var exception = Assert.Single(c.Events);
        Assert.Equal("exception", exception.Name);
        Assert.Equal("System.InvalidOperationException", exception.Attributes["exception.type"]);
        Assert.Equal("card declined", exception.Attributes["exception.message"]);

        var scope = Assert.Single(decoded.Scopes, s => s.Spans.Any(x => x.SpanId == r.SpanId));
        Assert.Equal(harness.SourceName, scope.Name);
    }

    [Fact]
    public async Task Signal_specific_variables_win_and_the_traces_endpoint_is_used_as_is()
    {
        using var receiver = new OtlpReceiver();
        await using var harness = new TracingHarness(Environment(
            receiver,
            ("OTEL_EXPORTER_OTLP_ENDPOINT", "http://127.0.0.1:1"),
            ("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", receiver.BaseUrl + "/custom/path"),
            ("OTEL_EXPORTER_OTLP_HEADERS", "x-which=generic"),
            ("OTEL_EXPORTER_OTLP_TRACES_HEADERS", "x-which=traces")));

        using (harness.Source.StartActivity("one"))
        {
        }

        await harness.FlushAsync();
        var request = Assert.Single(await receiver.WaitForAsync(r => r.Count > 0));
        Assert.Equal("/custom/path", request.Path);
        Assert.Equal("traces", request.Headers["x-which"]);
        Assert.False(request.Headers.ContainsKey("Content-Encoding"));
        Assert.Single(request.Decode().Spans);
    }

    [Theory]
    [InlineData("OTEL_EXPORTER_OTLP_TRACES_PROTOCOL", "grpc")]
    [InlineData("OTEL_EXPORTER_OTLP_PROTOCOL", "http/json")]
    [InlineData("OTEL_EXPORTER_OTLP_TIMEOUT", "soon")]
    [InlineData("OTEL_EXPORTER_OTLP_COMPRESSION", "zstd")]
    [InlineData("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "ftp://collector")]
    public void Invalid_OTLP_settings_fail_at_start_up_naming_the_variable(string variable, string value)
    {
        using var receiver = new OtlpReceiver();
        var services = new ServiceCollection();
        services.AddMatCarvObservability(o =>
        {
            o.Output = Stream.Null;
            o.EnvironmentVariables = Environment(receiver, (variable, value));
        });
        using var provider = services.BuildServiceProvider();
        var ex = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<MatCarvTracingOptions>>().Value);
        Assert.Contains(variable, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unavailable_endpoint_is_retried_and_a_rejected_request_is_dropped_and_counted()
    {
        using var receiver = new OtlpReceiver();
        receiver.Responses.Enqueue((503, "Retry-After: 0\r\n", []));
        await using var harness = new TracingHarness(Environment(receiver));
        using (harness.Source.StartActivity("retried"))
        {
        }

        await harness.FlushAsync();
        var requests = await receiver.WaitForAsync(r => r.Count >= 2);
        Assert.Equal(2, requests.Count);
        Assert.Equal(requests[0].Body, requests[1].Body);

        receiver.Responses.Enqueue((400, string.Empty, []));
        using (harness.Source.StartActivity("rejected"))
        {
        }

        await harness.FlushAsync();
        Assert.Equal(3, (await receiver.WaitForAsync(r => r.Count >= 3)).Count);
        Assert.Equal(1, harness.Telemetry.GetDiagnostics().GetDropCount("tracing", "otlp_status_400"));
    }

    [Fact]
    public async Task Partial_success_rejected_spans_are_counted()
    {
        using var receiver = new OtlpReceiver();

        // ExportTraceServiceResponse { partial_success (1) { rejected_spans (1) = 2, error_message (2) = "too old" } }
        receiver.Responses.Enqueue((200, string.Empty, [0x0A, 0x0B, 0x08, 0x02, 0x12, 0x07, .. "too old"u8]));
        await using var harness = new TracingHarness(Environment(receiver));
        for (int i = 0; i < 3; i++)
        {
            using (harness.Source.StartActivity("span"))
            {
            }
        }

        await harness.FlushAsync();
        await receiver.WaitForAsync(r => r.Count > 0);
        Assert.Equal(2, harness.Telemetry.GetDiagnostics().GetDropCount("tracing", "otlp_rejected"));
    }

    [Fact]
    public async Task XRay_OTLP_requests_are_SigV4_signed_for_service_xray_and_verified_independently()
    {
        const string Secret = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
        using var receiver = new OtlpReceiver();
        var env = Environment(receiver, ("AWS_ACCESS_KEY_ID", "AKIDEXAMPLE"), ("AWS_SECRET_ACCESS_KEY", Secret), ("AWS_SESSION_TOKEN", "TOKEN"));
        env.Remove("OTEL_TRACES_EXPORTER");
        await using var harness = new TracingHarness(env, o =>
        {
            o.Destination = TraceDestination.XRayOtlp;

            // A stand-in for https://xray.eu-west-1.amazonaws.com/v1/traces (signed for the configured region).
            o.OtlpEndpoint = receiver.BaseUrl + "/v1/traces";
        });
        using (harness.Source.StartActivity("signed"))
        {
        }

        await harness.FlushAsync();
        var request = Assert.Single(await receiver.WaitForAsync(r => r.Count > 0));
        Assert.True(SigV4Verifier.TryParseAuthorization(request.Headers["Authorization"], out var credential, out var signedHeaders, out var signature));
        var amzDate = request.Headers["X-Amz-Date"];
        Assert.Equal("AKIDEXAMPLE/" + amzDate[..8] + "/eu-west-1/xray/aws4_request", credential);
        Assert.Contains("host", signedHeaders);
        Assert.Contains("content-type", signedHeaders);
        Assert.Equal("TOKEN", request.Headers["X-Amz-Security-Token"]);
        var headers = signedHeaders.Select(h => new KeyValuePair<string, string>(h, request.Headers[h])).ToList();
        var expected = SigV4Verifier.ComputeSignature("POST", "/v1/traces", string.Empty, headers, request.RawBody, amzDate, "eu-west-1", "xray", Secret);
        Assert.Equal(expected, signature);

        // The same verifier rejects another secret (so the comparison above can fail).
        Assert.NotEqual(expected, SigV4Verifier.ComputeSignature("POST", "/v1/traces", string.Empty, headers, request.RawBody, amzDate, "eu-west-1", "xray", "another"));
        Assert.Single(request.Decode().Spans);
    }

    [Fact]
    public async Task OTLP_variables_alone_do_not_switch_away_from_the_daemon()
    {
        using var receiver = new OtlpReceiver();
        var env = Environment(receiver, ("AWS_LAMBDA_FUNCTION_NAME", "checkout"));
        env.Remove("OTEL_TRACES_EXPORTER");
        await using var harness = new TracingHarness(env);
        Assert.Equal(TraceDestination.XRayDaemon, harness.Services.GetRequiredService<TracingSettings>().Destination);
        Assert.Null(harness.Services.GetRequiredService<TracingSettings>().OtlpExport);
    }

    [Fact]
    public async Task The_exporters_own_HTTP_calls_are_not_exported()
    {
        using var receiver = new OtlpReceiver();
        await using var harness = new TracingHarness(Environment(receiver), o => o.TraceHttpClient = true);
        for (int round = 0; round < 3; round++)
        {
            using (harness.Source.StartActivity("work"))
            {
            }

            await harness.FlushAsync();
        }

        var requests = await receiver.WaitForAsync(r => r.Count >= 3);
        var exported = requests.SelectMany(r => r.Decode().Spans).ToList();
        Assert.DoesNotContain(exported, s => s.Attributes.TryGetValue("server.port", out var port) && Equals(port, (long)receiver.Port));
        Assert.Equal(3, exported.Count(s => s.Name == "work"));
    }
}
