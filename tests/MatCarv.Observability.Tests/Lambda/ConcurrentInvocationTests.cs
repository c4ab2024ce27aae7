using System.Collections.Concurrent;
using System.Diagnostics;
using MatCarv.Observability.Lambda;
using MatCarv.Observability.Logging;
using MatCarv.Observability.Tests.Logging;
using MatCarv.Observability.Tests.Tracing.Support;
using MatCarv.Observability.Tracing.Propagation;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace MatCarv.Observability.Tests.Lambda;

/// <summary>
/// Lambda Managed Instances run invocations concurrently in one process; the runtime then leaves the process-wide
/// _X_AMZN_TRACE_ID alone (Amazon.Lambda.RuntimeSupport sets it only when AWS_LAMBDA_MAX_CONCURRENCY is unset) and each
/// invocation's trace header comes from ILambdaContext.TraceId.
/// </summary>
public sealed class ConcurrentInvocationTests
{
    private const string StaleHeader = "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1";

    private static string NewHeader() =>
        $"Root={XRayTraceId.Format(XRayTraceId.NewActivityTraceId())};Parent={ActivitySpanId.CreateRandom().ToHexString()};Sampled=1";

    [Fact]
    public async Task Sixteen_concurrent_invocations_each_log_their_own_trace_request_correlation_and_keys()
    {
        using var collector = new UdpCollector();
        using var harness = LogHarness.Lambda(
            null,
            ("AWS_LAMBDA_MAX_CONCURRENCY", "16"),
            ("_X_AMZN_TRACE_ID", StaleHeader),
            ("POWERTOOLS_TRACE_DISABLED", null),
            ("AWS_XRAY_DAEMON_ADDRESS", collector.Address));
        var headers = new ConcurrentDictionary<string, string>();
        var handlerSpans = new ConcurrentDictionary<string, string>();
        using var start = new Barrier(16);
        await Task.WhenAll(Enumerable.Range(0, 16).Select(i => Task.Run(async () =>
        {
            var requestId = "req-" + i;
            var header = headers[requestId] = NewHeader();

            // The one-line mapping from ILambdaContext, with TraceHeader = context.TraceId.
            var invocation = new LambdaInvocation(requestId, "arn:aws:lambda:us-east-1:123456789012:function:harness-fn")
            {
                RemainingTime = TimeSpan.FromSeconds(30),
                TraceHeader = header,
                CorrelationId = "corr-" + i,
            };
            start.SignalAndWait(TimeSpan.FromSeconds(10));
            await harness.Telemetry.RunAsync(invocation, async context =>
            {
                handlerSpans[Activity.Current!.SpanId.ToHexString()] = requestId;
                LogContext.AppendKey("worker", i);
                for (int step = 0; step < 4; step++)
                {
                    harness.Logger.LogInformation("step {Step}", step);
                    await Task.Delay(1);
                }

                return 0;
            });
        })));

        var lines = harness.Lines();
        Assert.Equal(64, lines.Count);
        foreach (var line in lines)
        {
            var requestId = line.GetProperty("function_request_id").GetString()!;
            var i = int.Parse(requestId["req-".Length..], System.Globalization.CultureInfo.InvariantCulture);
            Assert.True(XRayTraceHeader.TryParse(headers[requestId], out var header));
            Assert.Equal(header!.Root, line.GetProperty("xray_trace_id").GetString());
            Assert.Equal(header.Root.Replace("-", string.Empty, StringComparison.Ordinal)[1..], line.GetProperty("trace_id").GetString());
            Assert.Equal("corr-" + i, line.GetProperty("correlation_id").GetString());
            Assert.Equal(i, line.GetProperty("worker").GetInt32());
        }

        Assert.Equal(16, lines.Select(l => l.GetProperty("xray_trace_id").GetString()).Distinct().Count());
        Assert.Single(lines.Where(l => l.GetProperty("cold_start").GetBoolean()).Select(l => l.GetProperty("function_request_id").GetString()).Distinct());

        // Each invocation's handler subsegment is parented to its own header, never to the stale process-wide one.
        var datagrams = await collector.WaitForIdsAsync(handlerSpans.Keys.ToList());
        XRaySchema.AssertDatagrams(datagrams);
        foreach (var (spanId, requestId) in handlerSpans)
        {
            Assert.True(XRayTraceHeader.TryParse(headers[requestId], out var header));
            var document = Assert.Single(datagrams, d => d.Id == spanId).Body;
            Assert.Equal(header!.Root, document.GetProperty("trace_id").GetString());
            Assert.Equal(header.Parent, document.GetProperty("parent_id").GetString());
        }
    }

    [Fact]
    public async Task Under_Managed_Instances_an_invocation_without_its_header_never_borrows_the_process_wide_one()
    {
        using var harness = LogHarness.Lambda(null, ("AWS_LAMBDA_MAX_CONCURRENCY", "8"), ("_X_AMZN_TRACE_ID", StaleHeader));
        await Task.WhenAll(Enumerable.Range(0, 8).Select(i => Task.Run(async () =>
        {
            await using (harness.Telemetry.BeginInvocation(new LambdaInvocation("req-" + i) { TraceHeader = string.Empty }))
            {
                await Task.Yield();
                harness.Logger.LogInformation("no header");
            }
        })));

        var lines = harness.Lines();
        Assert.Equal(8, lines.Count);
        Assert.All(lines, l => Assert.False(l.TryGetProperty("xray_trace_id", out _)));
        // Announced once (one warning per reason per minute), counted for each invocation.
        Assert.Single(harness.AllLines(), l => l.TryGetProperty("reason", out var r) && r.GetString() == "trace_header_missing");
        var diagnostics = harness.Telemetry.Services.GetRequiredService<TelemetryRuntime>().Diagnostics;
        Assert.Equal(8, diagnostics.GetDropCount("invocation", "trace_header_missing"));
    }

    [Fact]
    public async Task Without_Managed_Instances_an_empty_TraceId_falls_back_to_the_runtimes_variable()
    {
        using var harness = LogHarness.Lambda(null, ("_X_AMZN_TRACE_ID", StaleHeader));
        await using (var scope = harness.Telemetry.BeginInvocation(new LambdaInvocation("req-1") { TraceHeader = " " }))
        {
            Assert.Equal("1-5759e988-bd862e3fe1be46a994272793", scope.Context.TraceHeader!.Root);
        }
    }

    [Fact]
    public async Task A_malformed_header_is_counted_and_the_invocation_runs_without_one()
    {
        using var harness = LogHarness.Lambda(null, ("_X_AMZN_TRACE_ID", StaleHeader));
        await using (var scope = harness.Telemetry.BeginInvocation(new LambdaInvocation("req-1") { TraceHeader = "Root=garbage" }))
        {
            Assert.Null(scope.Context.TraceHeader);
            harness.Logger.LogInformation("x");
        }

        Assert.Single(harness.AllLines(), l => l.TryGetProperty("reason", out var r) && r.GetString() == "trace_header_invalid");
        Assert.False(Assert.Single(harness.Lines()).TryGetProperty("xray_trace_id", out _));
    }
}
