using System.Diagnostics;
using MatCarv.Observability.Lambda;
using MatCarv.Observability.Tests.Tracing.Support;
using MatCarv.Observability.Tracing;
using MatCarv.Observability.Tracing.Export;
using MatCarv.Observability.Tracing.Propagation;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace MatCarv.Observability.Tests.Tracing;

public sealed class LambdaTracingTests
{
    private const string Parent = "53995c3f42cd8ad8";

    [Fact]
    public async Task Lambda_sends_only_subsegments_parented_to_the_invocation_Parent_with_cold_start_annotations()
    {
        using var collector = new UdpCollector();
        await using var lambda = CreateFunction(collector);
        var tracer = lambda.Services.GetRequiredService<MatCarvTracer>();
        var root = XRayTraceId.Format(XRayTraceId.NewActivityTraceId());
        string? handlerSpanId = null, childSpanId = null;

        var result = await lambda.RunAsync(Invocation(root, "1", "Lineage=a87bd80c:1:0"), async context =>
        {
            await Task.Yield();

            // The handler sees the invocation's trace through Activity.Current.
            Assert.NotNull(Activity.Current);
            Assert.Equal(root, XRayTraceId.Format(Activity.Current!.TraceId));
            handlerSpanId = Activity.Current.SpanId.ToHexString();
            using var span = tracer.StartSpan("### doWork");
            span.AddAnnotation("orderId", "A-1");
            childSpanId = span.Activity!.SpanId.ToHexString();
            await Task.Delay(1);
            return 42;
        });

        Assert.Equal(42, result);
        Assert.Null(Activity.Current);
        var datagrams = await collector.WaitForIdsAsync([handlerSpanId!, childSpanId!]);
        XRaySchema.AssertDatagrams(datagrams);
        Assert.All(datagrams, d => Assert.True(d.IsSubsegmentDocument, "Lambda functions must not send segments"));
        var handler = Assert.Single(datagrams, d => d.Id == handlerSpanId).Body;
        Assert.Equal("## handler.Function::Handle", handler.GetProperty("name").GetString());
        Assert.Equal(Parent, handler.GetProperty("parent_id").GetString());
        Assert.Equal(root, handler.GetProperty("trace_id").GetString());
        Assert.True(handler.GetProperty("annotations").GetProperty("ColdStart").GetBoolean());
        Assert.Equal("checkout", handler.GetProperty("annotations").GetProperty("Service").GetString());
        var child = Assert.Single(handler.GetProperty("subsegments").EnumerateArray());
        Assert.Equal(childSpanId, child.GetProperty("id").GetString());
        Assert.Equal("A-1", child.GetProperty("annotations").GetProperty("orderId").GetString());
        Assert.True(child.GetProperty("end_time").GetDouble() <= handler.GetProperty("end_time").GetDouble());
    }

    [Fact]
    public async Task Second_invocation_is_not_a_cold_start_and_each_invocation_keeps_its_own_trace()
    {
        using var collector = new UdpCollector();
        await using var lambda = CreateFunction(collector);
        var ids = new List<string>();
        var roots = new List<string>();
        for (int i = 0; i < 2; i++)
        {
            var root = XRayTraceId.Format(XRayTraceId.NewActivityTraceId());
            roots.Add(root);
            await lambda.RunAsync(Invocation(root, "1"), _ =>
            {
                ids.Add(Activity.Current!.SpanId.ToHexString());
                return Task.FromResult(0);
            });
        }

        var datagrams = await collector.WaitForIdsAsync(ids);
        var first = Assert.Single(datagrams, d => d.Id == ids[0]).Body;
        var second = Assert.Single(datagrams, d => d.Id == ids[1]).Body;
        Assert.True(first.GetProperty("annotations").GetProperty("ColdStart").GetBoolean());
        Assert.False(second.GetProperty("annotations").GetProperty("ColdStart").GetBoolean());
        Assert.Equal(roots[0], first.GetProperty("trace_id").GetString());
        Assert.Equal(roots[1], second.GetProperty("trace_id").GetString());
    }

    [Fact]
    public async Task Nothing_is_sent_when_the_invocation_is_not_sampled()
    {
        using var collector = new UdpCollector();
        await using var lambda = CreateFunction(collector);
        var tracer = lambda.Services.GetRequiredService<MatCarvTracer>();
        var exporter = lambda.Services.GetRequiredService<XRayExporter>();
        var root = XRayTraceId.Format(XRayTraceId.NewActivityTraceId());

        await lambda.RunAsync(Invocation(root, "0"), _ =>
        {
            // The trace id still flows (logs show it), but nothing is recorded.
            Assert.Equal(root, XRayTraceId.Format(Activity.Current!.TraceId));
            Assert.False(Activity.Current.Recorded);
            using var span = tracer.StartSpan("not-sent");
            Assert.False(span.IsRecording);
            return Task.FromResult(0);
        });

        Assert.Equal(0, exporter.DatagramsSent);
        Assert.Empty(collector.Received);
    }

    [Fact]
    public async Task Handler_exception_marks_the_handler_subsegment_as_fault_with_its_cause()
    {
        using var collector = new UdpCollector();
        await using var lambda = CreateFunction(collector);
        var root = XRayTraceId.Format(XRayTraceId.NewActivityTraceId());
        string? handlerSpanId = null;

        await Assert.ThrowsAsync<TimeoutException>(() => lambda.RunAsync<int>(Invocation(root, "1"), async _ =>
        {
            handlerSpanId = Activity.Current!.SpanId.ToHexString();
            await Task.Yield();
            throw new TimeoutException("downstream timed out");
        }));

        var datagrams = await collector.WaitForIdsAsync([handlerSpanId!]);
        XRaySchema.AssertDatagrams(datagrams);
        var handler = Assert.Single(datagrams).Body;
        Assert.True(handler.GetProperty("fault").GetBoolean());
        var exception = handler.GetProperty("cause").GetProperty("exceptions")[0];
        Assert.Equal(typeof(TimeoutException).FullName, exception.GetProperty("type").GetString());
        Assert.Equal("downstream timed out", exception.GetProperty("message").GetString());
    }

    [Fact]
    public async Task Concurrent_invocations_each_parent_their_subsegments_to_their_own_header()
    {
        using var collector = new UdpCollector();
        await using var lambda = CreateFunction(collector);
        var expected = new System.Collections.Concurrent.ConcurrentDictionary<string, (string Root, string Parent)>();
        await Parallel.ForAsync(0, 16, async (i, _) =>
        {
            var root = XRayTraceId.Format(XRayTraceId.NewActivityTraceId());
            var parent = ActivitySpanId.CreateRandom().ToHexString();
            var header = $"Root={root};Parent={parent};Sampled=1";
            await lambda.RunAsync(new LambdaInvocation("req-" + i, "arn:aws:lambda:eu-west-1:123456789012:function:checkout") { TraceHeader = header }, async _ =>
            {
                await Task.Yield();
                expected[Activity.Current!.SpanId.ToHexString()] = (root, parent);
                return 0;
            });
        });

        var datagrams = await collector.WaitForIdsAsync(expected.Keys.ToList());
        XRaySchema.AssertDatagrams(datagrams);
        foreach (var (id, (root, parent)) in expected)
        {
            var document = Assert.Single(datagrams, d => d.Id == id).Body;
            Assert.Equal(root, document.GetProperty("trace_id").GetString());
            Assert.Equal(parent, document.GetProperty("parent_id").GetString());
        }
    }

    [Fact]
    public async Task A_function_run_locally_still_sends_only_subsegments_of_the_invocation_trace()
    {
        using var collector = new UdpCollector();
        await using var lambda = MatCarvLambda.Create(
            o =>
            {
                // No AWS_LAMBDA_FUNCTION_NAME: the process is not detected as Lambda, but the invocation is one.
                o.EnvironmentVariables = new Dictionary<string, string?> { ["AWS_XRAY_DAEMON_ADDRESS"] = collector.Address };
                o.Output = Stream.Null;
            },
            builder => builder.WithTracing(o => o.TraceHttpClient = false));
        var root = XRayTraceId.Format(XRayTraceId.NewActivityTraceId());
        string? handlerSpanId = null;
        await lambda.RunAsync(Invocation(root, "1"), _ =>
        {
            handlerSpanId = Activity.Current!.SpanId.ToHexString();
            return Task.FromResult(0);
        });

        var datagrams = await collector.WaitForIdsAsync([handlerSpanId!]);
        XRaySchema.AssertDatagrams(datagrams);
        var handler = Assert.Single(datagrams);
        Assert.True(handler.IsSubsegmentDocument);
        Assert.Equal(Parent, handler.Body.GetProperty("parent_id").GetString());
    }

    [Fact]
    public void Invalid_daemon_address_fails_at_start_up_naming_the_variable()
    {
        var ex = Assert.Throws<OptionsValidationException>(() => MatCarvLambda.Create(o =>
        {
            o.EnvironmentVariables = new Dictionary<string, string?>
            {
                ["AWS_LAMBDA_FUNCTION_NAME"] = "checkout",
                ["AWS_XRAY_DAEMON_ADDRESS"] = "not-an-address",
            };
            o.Output = Stream.Null;
        }));
        Assert.Contains("AWS_XRAY_DAEMON_ADDRESS", ex.Message, StringComparison.Ordinal);
        Assert.Contains("not-an-address", ex.Message, StringComparison.Ordinal);
    }

    private static MatCarvLambda CreateFunction(UdpCollector collector) => MatCarvLambda.Create(
        o =>
        {
            o.EnvironmentVariables = new Dictionary<string, string?>
            {
                ["AWS_LAMBDA_FUNCTION_NAME"] = "checkout",
                ["_HANDLER"] = "handler.Function::Handle",
                ["POWERTOOLS_SERVICE_NAME"] = "checkout",
                ["AWS_XRAY_DAEMON_ADDRESS"] = collector.Address,
            };
            o.Output = Stream.Null;
        },
        builder => builder.WithTracing(o =>
        {
            // Other tests in this process make HTTP calls; only this test's spans should reach this collector.
            o.TraceHttpClient = false;
            o.TraceAspNetCore = false;
            o.TraceAwsSdk = false;
        }));

    private static LambdaInvocation Invocation(string root, string sampled, string? suffix = null) =>
        new("req-" + Guid.NewGuid().ToString("N"), "arn:aws:lambda:eu-west-1:123456789012:function:checkout")
        {
            TraceHeader = $"Root={root};Parent={Parent};Sampled={sampled}" + (suffix is null ? string.Empty : ";" + suffix),
            RemainingTime = TimeSpan.FromSeconds(30),
        };
}
