using System.Diagnostics;
using MatCarv.Observability.Lambda;
using MatCarv.Observability.Tests.Tracing.Support;
using MatCarv.Observability.Tracing.Propagation;
using Microsoft.Extensions.DependencyInjection;

namespace MatCarv.Observability.Tests.Tracing;

public sealed class PropagationTests
{
    [Fact]
    public async Task Outgoing_HttpClient_calls_carry_traceparent_and_XRay_header_with_the_same_trace_and_the_lineage()
    {
        using var collector = new UdpCollector();
        using var server = new HeaderCapturingServer();
        await using var lambda = MatCarvLambda.Create(o =>
        {
            o.EnvironmentVariables = new Dictionary<string, string?>
            {
                ["AWS_LAMBDA_FUNCTION_NAME"] = "checkout",
                ["AWS_XRAY_DAEMON_ADDRESS"] = collector.Address,
            };
            o.Output = Stream.Null;
        });

        // The provider's propagator, set explicitly: DistributedContextPropagator.Current is process-wide and other tests' pipelines also install theirs.
        var propagator = lambda.Services.GetRequiredService<DistributedContextPropagator>();
        Assert.IsType<XRayPropagator>(propagator);
        using var client = new HttpClient(new SocketsHttpHandler { ActivityHeadersPropagator = propagator });
        var root = XRayTraceId.Format(XRayTraceId.NewActivityTraceId());
        string? handlerSpanId = null;
        await lambda.RunAsync(new LambdaInvocation("req-1", "arn:aws:lambda:eu-west-1:123456789012:function:checkout")
        {
            TraceHeader = $"Root={root};Parent=53995c3f42cd8ad8;Sampled=1;Lineage=a87bd80c:1:0",
        }, async _ =>
        {
            handlerSpanId = Activity.Current!.SpanId.ToHexString();
            using var response = await client.GetAsync(server.Uri);
            return (int)response.StatusCode;
        });

        var headers = await server.FirstRequestHeaders;
        var xray = Assert.Single(headers["X-Amzn-Trace-Id"]);
        Assert.True(XRayTraceHeader.TryParse(xray, out var header));
        Assert.Equal(root, header.Root);
        Assert.Equal(true, header.Sampled);
        Assert.Equal("a87bd80c:1:0", header.Lineage);
        var traceparent = Assert.Single(headers["traceparent"]).Split('-');
        Assert.Equal(header.ToActivityTraceId().ToHexString(), traceparent[1]);
        Assert.Equal(header.Parent, traceparent[2]);
        Assert.Equal("01", traceparent[3]);

        // The HttpClient span is sent as a remote subsegment of the handler, with the id the callee saw as its parent.
        var datagrams = await collector.WaitForIdsAsync([handlerSpanId!, header.Parent!]);
        XRaySchema.AssertDatagrams(datagrams);
        var nodes = datagrams.SelectMany(d => d.Flatten()).ToDictionary(n => n.Node.GetProperty("id").GetString()!);
        var call = nodes[header.Parent!];
        Assert.Equal(handlerSpanId, call.ContainerId);
        Assert.Equal("remote", call.Node.GetProperty("namespace").GetString());
        Assert.Equal("127.0.0.1", call.Node.GetProperty("name").GetString());
        Assert.Equal(200, call.Node.GetProperty("http").GetProperty("response").GetProperty("status").GetInt32());
    }

    [Fact]
    public async Task Incoming_XRay_header_is_extracted_when_no_valid_traceparent_is_present()
    {
        await using var harness = new TracingHarness();
        var propagator = harness.Services.GetRequiredService<DistributedContextPropagator>();
        var incoming = new Dictionary<string, string>
        {
            ["X-Amzn-Trace-Id"] = "Self=1-67891233-abcdef012345678912345678; Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1",
        };
        propagator.ExtractTraceIdAndState(incoming, static (carrier, name, out value, out values) =>
        {
            values = null;
            value = ((Dictionary<string, string>)carrier!).TryGetValue(name, out var v) ? v : null;
        }, out var traceId, out _);
        Assert.Equal("00-5759e988bd862e3fe1be46a994272793-53995c3f42cd8ad8-01", traceId);

        // A traceparent wins: W3C stays the primary format.
        incoming["traceparent"] = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
        propagator.ExtractTraceIdAndState(incoming, static (carrier, name, out value, out values) =>
        {
            values = null;
            value = ((Dictionary<string, string>)carrier!).TryGetValue(name, out var v) ? v : null;
        }, out traceId, out _);
        Assert.Equal("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01", traceId);

        // An invalid traceparent (here a trace id cut to 16 hex digits) extracts nothing: the X-Ray header stands in, and the
        // tracestate that came with the invalid traceparent is dropped as W3C Trace Context requires.
        incoming["traceparent"] = "00-0af7651916cd43dd-b7ad6b7169203331-01";
        incoming["tracestate"] = "vendor=value";
        propagator.ExtractTraceIdAndState(incoming, static (carrier, name, out value, out values) =>
        {
            values = null;
            value = ((Dictionary<string, string>)carrier!).TryGetValue(name, out var v) ? v : null;
        }, out traceId, out var traceState);
        Assert.Equal("00-5759e988bd862e3fe1be46a994272793-53995c3f42cd8ad8-01", traceId);
        Assert.Null(traceState);
    }
}
