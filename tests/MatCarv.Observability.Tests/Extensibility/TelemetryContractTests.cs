using System.Diagnostics.Metrics;
using System.Text;
using MatCarv.Observability.Diagnostics;
using MatCarv.Observability.Extensibility;
using MatCarv.Observability.Hosting;
using MatCarv.Observability.Lambda;
using MatCarv.Observability.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace MatCarv.Observability.Tests.Extensibility;

/// <summary>
/// The public contracts other packages and applications build on: a signal added with <c>AddSignal</c> takes part in
/// start, invocations, flush and dispose, in a host and in <see cref="MatCarvLambda"/>; <see cref="MatCarvTelemetry"/>
/// flushes every signal within a deadline, flushes or clears the log buffer, and reports drops.
/// </summary>
public sealed class TelemetryContractTests
{
    private static readonly Dictionary<string, string?> Environment = new()
    {
        ["POWERTOOLS_SERVICE_NAME"] = "contract",
        ["POWERTOOLS_METRICS_NAMESPACE"] = "Contract",
        ["AWS_LAMBDA_FUNCTION_NAME"] = "contract-fn",
        ["POWERTOOLS_TRACE_DISABLED"] = "true",
        ["MATCARV_CONTRACT_FLAG"] = " 1 ",
    };

    private static MatCarvObservabilityBuilder WithRecording(MatCarvObservabilityBuilder builder, Action<RecordingSignalOptions>? configure = null)
    {
        if (configure is not null)
        {
            builder.Configure(configure);
        }

        return builder.AddSignal(static context => new RecordingSignal(context, context.GetOptions<RecordingSignalOptions>()));
    }

    private static MatCarvLambda Lambda(MemoryStream output, Action<RecordingSignalOptions>? configure = null, Action<MatCarvObservabilityBuilder>? more = null) =>
        MatCarvLambda.Create(
            o =>
            {
                o.EnvironmentVariables = Environment;
                o.Output = output;
                o.OutputFlushInterval = TimeSpan.FromHours(1);
            },
            b =>
            {
                WithRecording(b, configure);
                more?.Invoke(b);
            });

    private static RecordingSignal Recording(MatCarvLambda lambda) => (RecordingSignal)lambda.Services.GetService(typeof(RecordingSignal))!;

    private static string[] Lines(MemoryStream output) => Encoding.UTF8.GetString(output.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries);

    [Fact]
    public async Task An_added_signal_is_started_told_of_invocations_flushed_before_stdout_and_disposed()
    {
        var output = new MemoryStream();
        var lambda = Lambda(output, o => o.Label = "first", b => WithRecording(b, o => o.Label = "second"));
        var signal = Recording(lambda);

        // Added twice, built once, with both configuration actions applied in order.
        Assert.Equal("second", signal.Options.Label);
        Assert.Equal(["start"], signal.Calls);

        var failure = new InvalidOperationException("boom");
        await Assert.ThrowsAsync<InvalidOperationException>(() => lambda.RunAsync<int>(new LambdaInvocation("req-1"), _ => throw failure));

        // The line the signal wrote in its flush went out in the same (end-of-invocation) flush: stdout flushes last.
        Assert.Contains("{\"recording\":\"second\"}", Lines(output));
        Assert.Equal(["start", "started req-1", "ended req-1 boom", "flush"], signal.Calls);

        await lambda.DisposeAsync();
        Assert.True(signal.Disposed);
        Assert.Equal("dispose", signal.Calls.Last());
    }

    [Fact]
    public async Task The_signal_context_reads_the_shared_facts_and_reports_through_the_shared_pipeline()
    {
        var output = new MemoryStream();
        await using var lambda = Lambda(output);
        var context = Recording(lambda).Context;

        Assert.Equal("contract", context.Identity.Name);
        Assert.True(context.Execution.IsLambda);
        Assert.False(context.ReadsProcessEnvironment);
        Assert.Equal("1", context.GetEnvironmentVariable("MATCARV_CONTRACT_FLAG"));
        Assert.True(context.GetEnvironmentFlag("MATCARV_CONTRACT_FLAG", defaultValue: false));
        Assert.True(context.GetEnvironmentFlag("MATCARV_UNSET", defaultValue: true));
        Assert.Null(context.GetEnvironmentVariable("PATH")); // the dictionary replaces the process environment

        context.ReportDrop("recording", "queue_full", 3);
        context.ReportWarning("recording fell back to stdout", "recording", "fallback");
        Assert.True(context.WriteLine("{\"raw\":true}"u8));
        Assert.True(await lambda.FlushAsync(TimeSpan.FromSeconds(5)));

        Assert.Equal(3, lambda.GetDiagnostics().GetDropCount("recording", "queue_full"));
        var lines = Lines(output);
        Assert.Contains("{\"raw\":true}", lines);
        Assert.Contains(lines, l => l.Contains("recording fell back to stdout", StringComparison.Ordinal) && l.Contains("\"reason\":\"fallback\"", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("dropped recording telemetry (queue_full)", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_failing_signal_is_counted_and_never_throws_into_the_application()
    {
        var output = new MemoryStream();
        await using var lambda = Lambda(output, o =>
        {
            o.FailFlush = true;
            o.FailInvocation = true;
        });

        await using (lambda.BeginInvocation(new LambdaInvocation("req-1")))
        {
        }

        Assert.True(await lambda.FlushAsync(TimeSpan.FromSeconds(5)));
        var diagnostics = lambda.GetDiagnostics();
        Assert.Equal(2, diagnostics.GetDropCount("recording", "flush_failed"));
        Assert.Equal(1, diagnostics.GetDropCount("recording", "invocation_listener_failed"));
        Assert.Equal(3, diagnostics.GetDropCount("recording"));
    }

    [Fact]
    public async Task Flush_stops_at_its_deadline_reports_it_and_still_writes_stdout()
    {
        var output = new MemoryStream();
        await using var lambda = Lambda(output, o => o.HangFlush = true);
        lambda.LoggerFactory.CreateLogger("contract").LogWarning("written before the flush");

        var started = System.Diagnostics.Stopwatch.StartNew();
        Assert.False(await lambda.FlushAsync(TimeSpan.FromMilliseconds(100)));
        Assert.InRange(started.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(5));
        // The contract: stdout lines are handed to the writer thread even when the deadline passed, and the flush does not
        // wait past the deadline for them; they are written right after, never lost. (Asserting them at the instant the
        // flush returned failed on a busy CI machine: the writer thread had not been scheduled yet.)
        var lines = Lines(output);
        for (var i = 0; i < 250 && !lines.Any(l => l.Contains("written before the flush", StringComparison.Ordinal)); i++)
        {
            await Task.Delay(20);
            lines = Lines(output);
        }

        Assert.Contains(lines, l => l.Contains("written before the flush", StringComparison.Ordinal));

        // A caller's token ends the wait like the deadline.
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(50));
        Assert.False(await lambda.FlushAsync(TimeSpan.FromMinutes(5), cancel.Token));
    }

    [Fact]
    public async Task In_a_host_the_telemetry_starts_flushes_at_shutdown_and_opens_invocation_scopes()
    {
        var output = new MemoryStream();
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        WithRecording(builder.Services.AddMatCarvObservability(o =>
        {
            o.EnvironmentVariables = Environment;
            o.Output = output;
            o.OutputFlushInterval = TimeSpan.FromHours(1);
        }).WithMetrics());
        using var host = builder.Build();
        var telemetry = host.Services.GetRequiredService<MatCarvTelemetry>();
        var signal = host.Services.GetRequiredService<RecordingSignal>();
        Assert.Same(signal, host.Services.GetServices<TelemetrySignal>().Single());
        Assert.Same(host.Services.GetRequiredService<TelemetrySignalContext>(), signal.Context);
        Assert.Empty(signal.Calls);

        await host.StartAsync();
        Assert.Equal(["start"], signal.Calls);

        await using (telemetry.BeginInvocation(new LambdaInvocation("req-9")))
        {
            host.Services.GetRequiredService<IMetrics>().AddMetric("Orders", 1, MetricUnit.Count);
        }

        // The end of the scope flushed every signal: the metric and the signal's line are out.
        Assert.Contains(Lines(output), l => l.Contains("\"Orders\":1", StringComparison.Ordinal));
        Assert.Equal(["start", "started req-9", "ended req-9", "flush"], signal.Calls);

        await host.StopAsync();
        Assert.Equal("flush", signal.Calls.Last());
        Assert.Equal(2, Lines(output).Count(l => l == "{\"recording\":\"default\"}"));
    }

    [Fact]
    public async Task FlushLogBuffer_writes_and_ClearLogBuffer_discards_what_the_invocation_buffered()
    {
        var output = new MemoryStream();
        await using var lambda = Lambda(output, more: b => b.WithLogging(l => l.Buffering.Enabled = true));
        var logger = lambda.LoggerFactory.CreateLogger("buffered");
        lambda.FlushLogBuffer(); // nothing buffered, no invocation: nothing happens
        lambda.ClearLogBuffer();

        await using (lambda.BeginInvocation(new LambdaInvocation("req-1")))
        {
            logger.LogDebug("kept");
            lambda.FlushLogBuffer();
            logger.LogDebug("discarded");
            lambda.ClearLogBuffer();
            logger.LogDebug("discarded at the end");
        }

        var messages = Lines(output).Where(l => l.Contains("\"buffered\"", StringComparison.Ordinal)).ToArray();
        Assert.Single(messages);
        Assert.Contains("\"message\":\"kept\"", messages[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_diagnostics_snapshot_matches_the_documented_meter()
    {
        // Every telemetry instance has its own meter of that name (other tests run in parallel): one of them is ours.
        var observed = new List<(Instrument Instrument, string Signal, string Reason, long Count)>();
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == TelemetryDiagnosticsSnapshot.MeterName && instrument.Name == TelemetryDiagnosticsSnapshot.DroppedCounterName)
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            string? signal = null, reason = null;
            foreach (var tag in tags)
            {
                signal = tag.Key == "signal" ? (string?)tag.Value : signal;
                reason = tag.Key == "reason" ? (string?)tag.Value : reason;
            }

            lock (observed)
            {
                observed.Add((instrument, signal!, reason!, value));
            }
        });
        listener.Start();

        var output = new MemoryStream();
        await using var lambda = Lambda(output);
        lambda.Metrics.AddMetric("Latency", double.NaN, MetricUnit.Milliseconds);
        lambda.Metrics.AddMetric("Latency", double.PositiveInfinity, MetricUnit.Milliseconds);
        Recording(lambda).Context.ReportDrop("recording", "queue_full", 4);

        var snapshot = lambda.GetDiagnostics();
        Assert.Equal(2, snapshot.GetDropCount("metrics", "invalid_value"));
        Assert.Equal(4, snapshot.GetDropCount("recording"));
        Assert.Equal(6, snapshot.TotalDropped);
        var expected = snapshot.Drops.Select(d => (d.Signal, d.Reason, d.Count)).ToArray();
        lock (observed)
        {
            Assert.Contains(
                observed.GroupBy(o => o.Instrument),
                points => points.GroupBy(p => (p.Signal, p.Reason)).Select(g => (g.Key.Signal, g.Key.Reason, Count: g.Sum(p => p.Count)))
                    .OrderBy(p => p.Signal, StringComparer.Ordinal).ThenBy(p => p.Reason, StringComparer.Ordinal).SequenceEqual(expected));
        }
    }
}
