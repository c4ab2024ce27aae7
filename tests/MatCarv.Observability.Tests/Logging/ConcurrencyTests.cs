using Microsoft.Extensions.Logging;

namespace MatCarv.Observability.Tests.Logging;

public sealed class ConcurrencyTests
{
    [Fact]
    public void Many_threads_logging_at_once_produce_whole_lines_and_lose_none()
    {
        using var harness = LogHarness.Local();
        const int Threads = 8;
        const int PerThread = 1500;
        var padding = new string('x', 300) + "\nline two";
        var threads = Enumerable.Range(0, Threads).Select(t => new Thread(() =>
        {
            for (int i = 0; i < PerThread; i++)
            {
                harness.Logger.LogInformation("thread {Thread} entry {Entry} {Padding}", t, i, padding);
                if (i % 500 == 0)
                {
                    harness.Telemetry.FlushAsync(TimeSpan.FromSeconds(5)).AsTask().GetAwaiter().GetResult();
                }
            }
        })).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());

        var lines = harness.Lines();
        Assert.Equal(Threads * PerThread, lines.Count);
        var seen = lines.Select(l => (l.GetProperty("thread").GetInt32(), l.GetProperty("entry").GetInt32())).ToHashSet();
        Assert.Equal(Threads * PerThread, seen.Count);
        Assert.All(lines, l => Assert.Equal(padding, l.GetProperty("padding").GetString()));
    }

    [Fact]
    public async Task Concurrent_invocations_each_log_their_own_request_id()
    {
        using var harness = LogHarness.Lambda();
        var ids = Enumerable.Range(0, 24).Select(i => $"req-{i:D2}").ToList();
        await Task.WhenAll(ids.Select(id => Task.Run(() => harness.Telemetry.RunAsync(LogHarness.Invocation(id), async _ =>
        {
            for (int i = 0; i < 5; i++)
            {
                await Task.Yield();
                harness.Logger.LogInformation("handling {Id}", id);
            }

            return 0;
        }))));

        var lines = harness.Lines();
        Assert.Equal(ids.Count * 5, lines.Count);
        Assert.All(lines, l => Assert.Equal(l.GetProperty("id").GetString(), l.GetProperty("function_request_id").GetString()));
        Assert.Single(lines.Where(l => l.GetProperty("cold_start").GetBoolean()).Select(l => l.GetProperty("id").GetString()).Distinct().ToList());
    }

    [Fact]
    public async Task Cold_start_is_true_for_the_first_invocation_and_false_for_the_second()
    {
        using var harness = LogHarness.Lambda();
        await using (harness.Telemetry.BeginInvocation(LogHarness.Invocation("first")))
        {
            harness.Logger.LogInformation("one");
        }

        await using (harness.Telemetry.BeginInvocation(LogHarness.Invocation("second")))
        {
            harness.Logger.LogInformation("two");
        }

        var lines = harness.Lines();
        Assert.True(lines[0].GetProperty("cold_start").GetBoolean());
        Assert.Equal("first", lines[0].GetProperty("function_request_id").GetString());
        Assert.False(lines[1].GetProperty("cold_start").GetBoolean());
        Assert.Equal("second", lines[1].GetProperty("function_request_id").GetString());
    }

    [Fact]
    public async Task Under_provisioned_concurrency_no_invocation_is_a_cold_start()
    {
        using var harness = LogHarness.Lambda(env: ("AWS_LAMBDA_INITIALIZATION_TYPE", "provisioned-concurrency"));
        await using (harness.Telemetry.BeginInvocation(LogHarness.Invocation("first")))
        {
            harness.Logger.LogInformation("one");
        }

        Assert.False(Assert.Single(harness.Lines()).GetProperty("cold_start").GetBoolean());
    }
}
