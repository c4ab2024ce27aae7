using System.Diagnostics;
using MatCarv.Observability.Lambda;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace MatCarv.Observability.Tests.Logging;

public sealed class BufferingTests
{
    private static LogHarness Buffered(int maxBytes = 20480) => LogHarness.Lambda(o =>
    {
        o.Buffering.Enabled = true;
        o.Buffering.MaxBytes = maxBytes;
    });

    [Fact]
    public async Task Debug_entries_are_written_only_when_an_error_is_logged_in_the_same_invocation_with_original_timestamps()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 26, 10, 0, 0, TimeSpan.Zero));
        var stream = new MemoryStream();
        await using var telemetry = MatCarvLambda.Create(
            o =>
            {
                o.Output = stream;
                o.TimeProvider = time;
                o.EnvironmentVariables = LogHarness.LambdaEnvironment();
            },
            b => b.WithLogging(l => l.Buffering.Enabled = true));
        var logger = telemetry.LoggerFactory.CreateLogger("buffered");
        await using (telemetry.BeginInvocation(LogHarness.Invocation("inv-1")))
        {
            logger.LogDebug("step {Step}", 1);
            logger.LogInformation("visible");
            time.Advance(TimeSpan.FromSeconds(3));
            logger.LogDebug("step {Step}", 2);
            await telemetry.FlushAsync(TimeSpan.FromSeconds(5));
            Assert.DoesNotContain("step", System.Text.Encoding.UTF8.GetString(stream.ToArray()), StringComparison.Ordinal);
            time.Advance(TimeSpan.FromSeconds(3));
            logger.LogError("failed");
        }

        var lines = System.Text.Encoding.UTF8.GetString(stream.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(LogHarness.Parse).Where(l => l.GetProperty("name").GetString() == "buffered").ToList();
        Assert.Equal(["visible", "step 1", "step 2", "failed"], lines.Select(l => l.GetProperty("message").GetString()));
        Assert.Equal("2026-11-26T10:00:00.0000000Z", lines[1].GetProperty("timestamp").GetString());
        Assert.Equal("2026-11-26T10:00:03.0000000Z", lines[2].GetProperty("timestamp").GetString());
        Assert.Equal("2026-11-26T10:00:06.0000000Z", lines[3].GetProperty("timestamp").GetString());
        Assert.All(lines, l => Assert.Equal("inv-1", l.GetProperty("function_request_id").GetString()));
    }

    [Fact]
    public async Task Buffered_entries_are_discarded_when_the_invocation_ends_without_error()
    {
        using var harness = Buffered();
        await using (harness.Telemetry.BeginInvocation(LogHarness.Invocation("quiet")))
        {
            harness.Logger.LogDebug("hidden forever");
        }

        await using (harness.Telemetry.BeginInvocation(LogHarness.Invocation("loud")))
        {
            harness.Logger.LogDebug("shown");
            harness.Logger.LogError("error");
        }

        Assert.Equal(["shown", "error"], harness.Lines().Select(l => l.GetProperty("message").GetString()));
    }

    [Fact]
    public async Task An_unhandled_invocation_error_flushes_the_buffer()
    {
        using var harness = Buffered();
        await Assert.ThrowsAsync<InvalidOperationException>(() => harness.Telemetry.RunAsync<int>(LogHarness.Invocation(), _ =>
        {
            harness.Logger.LogDebug("context before crash");
            throw new InvalidOperationException("crash");
        }));

        Assert.Equal(["context before crash"], harness.Lines().Select(l => l.GetProperty("message").GetString()));
    }

    [Fact]
    public async Task Concurrent_invocations_have_separate_buffers()
    {
        using var harness = Buffered();
        var gate = new Barrier(2);
        var failing = Task.Run(() => harness.Telemetry.RunAsync(LogHarness.Invocation("failing"), _ =>
        {
            harness.Logger.LogDebug("debug of failing");
            gate.SignalAndWait();
            gate.SignalAndWait();
            harness.Logger.LogError("error of failing");
            return Task.FromResult(0);
        }));
        var fine = Task.Run(() => harness.Telemetry.RunAsync(LogHarness.Invocation("fine"), _ =>
        {
            harness.Logger.LogDebug("debug of fine");
            gate.SignalAndWait();
            gate.SignalAndWait();
            return Task.FromResult(0);
        }));
        await Task.WhenAll(failing, fine);

        var lines = harness.Lines();
        Assert.Equal(["debug of failing", "error of failing"], lines.Select(l => l.GetProperty("message").GetString()));
        Assert.All(lines, l => Assert.Equal("failing", l.GetProperty("function_request_id").GetString()));
    }

    [Fact]
    public async Task The_buffer_is_bounded_in_bytes_evicting_the_oldest_and_counting_and_reporting_evictions()
    {
        using var harness = Buffered(maxBytes: 2048);
        await using (harness.Telemetry.BeginInvocation(LogHarness.Invocation()))
        {
            for (int i = 0; i < 50; i++)
            {
                harness.Logger.LogDebug("entry {Index} {Padding}", i, new string('p', 100));
            }

            harness.Logger.LogError("boom");
        }

        var lines = harness.Lines();
        var indexes = lines.Where(l => l.TryGetProperty("index", out _)).Select(l => l.GetProperty("index").GetInt32()).ToList();
        Assert.InRange(indexes.Count, 2, 10);
        Assert.Equal(Enumerable.Range(50 - indexes.Count, indexes.Count), indexes);
        Assert.Equal(50 - indexes.Count, harness.Telemetry.GetDiagnostics().GetDropCount("logging", "buffer_evicted"));
        Assert.Contains(harness.AllLines(), l => l.GetProperty("message").GetString()!.Contains("evicted from the buffer", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_entry_larger_than_the_buffer_is_written_immediately()
    {
        using var harness = Buffered(maxBytes: 1024);
        await using (harness.Telemetry.BeginInvocation(LogHarness.Invocation()))
        {
            harness.Logger.LogDebug("big {Padding}", new string('p', 2000));
        }

        Assert.Single(harness.Lines());
    }

    [Fact]
    public void Outside_lambda_the_request_root_activity_scopes_the_buffer_and_its_stop_discards_it()
    {
        using var harness = LogHarness.Local(o => o.Buffering.Enabled = true);
        using var source = new ActivitySource("MatCarv.Tests.Buffering");
        using var listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name == source.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
        };
        ActivitySource.AddActivityListener(listener);

        using (source.StartActivity("quiet request"))
        {
            using (source.StartActivity("child"))
            {
                harness.Logger.LogDebug("quiet debug");
            }
        }

        using (source.StartActivity("failing request"))
        {
            harness.Logger.LogDebug("failing debug");
            using (source.StartActivity("child"))
            {
                harness.Logger.LogError("failing error");
            }
        }

        harness.Logger.LogDebug("no request: not buffered, below the level");
        Assert.Equal(["failing debug", "failing error"], harness.Lines().Select(l => l.GetProperty("message").GetString()));
    }

    [Fact]
    public async Task An_explicit_request_scope_buffers_per_unit_of_work_on_its_async_flow()
    {
        using var harness = LogHarness.Local(o => o.Buffering.Enabled = true);
        async Task Work(string name, bool fail)
        {
            using var request = MatCarv.Observability.Logging.LogRequestScope.Begin();
            harness.Logger.LogDebug("debug of {Job}", name);
            await Task.Yield();
            if (fail)
            {
                harness.Logger.LogError("error of {Job}", name);
            }
        }

        await Task.WhenAll(Work("quiet", fail: false), Work("failing", fail: true), Work("quiet2", fail: false));
        harness.Logger.LogDebug("outside any unit of work");
        Assert.Equal(["debug of failing", "error of failing"], harness.Lines().Select(l => l.GetProperty("message").GetString()));
    }
}
