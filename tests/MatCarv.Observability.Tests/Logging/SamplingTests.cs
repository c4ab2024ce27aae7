using Microsoft.Extensions.Logging;

namespace MatCarv.Observability.Tests.Logging;

public sealed class SamplingTests
{
    private static async Task<List<bool>> DebugWrittenPerInvocation(double rate, int invocations, int seed)
    {
        using var harness = LogHarness.Lambda(o => o.SamplingRandom = new Random(seed), ("POWERTOOLS_LOGGER_SAMPLE_RATE", rate.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        for (int i = 0; i < invocations; i++)
        {
            await using (harness.Telemetry.BeginInvocation(LogHarness.Invocation($"req-{i}")))
            {
                harness.Logger.LogDebug("debug {I}", i);
                harness.Logger.LogInformation("info {I}", i);
            }
        }

        var lines = harness.Lines();
        Assert.Equal(invocations, lines.Count(l => l.GetProperty("level").GetString() == "Information"));
        if (rate > 0)
        {
            Assert.All(lines, l => Assert.Equal(rate, l.GetProperty("sampling_rate").GetDouble()));
        }
        else
        {
            Assert.All(lines, l => Assert.False(l.TryGetProperty("sampling_rate", out _)));
        }

        var debugIds = lines.Where(l => l.GetProperty("level").GetString() == "Debug").Select(l => l.GetProperty("i").GetInt32()).ToHashSet();
        return Enumerable.Range(0, invocations).Select(debugIds.Contains).ToList();
    }

    [Fact]
    public async Task Sampling_raises_the_level_to_debug_for_the_drawn_fraction_of_invocations()
    {
        const int Invocations = 400;
        var sampled = await DebugWrittenPerInvocation(0.25, Invocations, seed: 1234);

        // The decision is one uniform draw per invocation: the same seed gives exactly these invocations…
        var random = new Random(1234);
        var expected = Enumerable.Range(0, Invocations).Select(_ => random.NextDouble() < 0.25).ToList();
        Assert.Equal(expected, sampled);

        // …and the count is what a 25% rate gives (binomial mean 100, sd ≈ 8.7: ±5 sd).
        Assert.InRange(sampled.Count(s => s), 57, 143);
    }

    [Fact]
    public async Task Different_seeds_sample_different_invocations_at_a_similar_rate()
    {
        var a = await DebugWrittenPerInvocation(0.5, 200, seed: 1);
        var b = await DebugWrittenPerInvocation(0.5, 200, seed: 2);
        Assert.NotEqual(a, b);
        Assert.InRange(a.Count(s => s), 65, 135);
        Assert.InRange(b.Count(s => s), 65, 135);
    }

    [Fact]
    public async Task Rate_zero_never_samples_and_rate_one_always_does()
    {
        Assert.DoesNotContain(true, await DebugWrittenPerInvocation(0, 50, seed: 3));
        Assert.DoesNotContain(false, await DebugWrittenPerInvocation(1, 50, seed: 3));
    }

    [Fact]
    public async Task A_sampled_invocation_says_so_once()
    {
        using var harness = LogHarness.Lambda(o => o.SamplingRate = 1);
        await using (harness.Telemetry.BeginInvocation(LogHarness.Invocation()))
        {
            harness.Logger.LogDebug("one");
            harness.Logger.LogDebug("two");
        }

        var notices = harness.Lines("MatCarv.Observability.Logging");
        var notice = Assert.Single(notices);
        Assert.StartsWith("Changed log level to DEBUG based on Sampling configuration", notice.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Outside_lambda_sampling_is_decided_per_request_root_activity()
    {
        using var harness = LogHarness.Local(o =>
        {
            o.SamplingRate = 0.5;
            o.SamplingRandom = new Random(7);
        });
        using var source = new System.Diagnostics.ActivitySource("MatCarv.Tests.Sampling");
        using var listener = new System.Diagnostics.ActivityListener
        {
            ShouldListenTo = s => s.Name == source.Name,
            Sample = (ref System.Diagnostics.ActivityCreationOptions<System.Diagnostics.ActivityContext> _) => System.Diagnostics.ActivitySamplingResult.AllDataAndRecorded,
        };
        System.Diagnostics.ActivitySource.AddActivityListener(listener);
        for (int i = 0; i < 100; i++)
        {
            using var request = source.StartActivity("request");
            harness.Logger.LogDebug("debug {I} a", i);
            using var child = source.StartActivity("child");
            harness.Logger.LogDebug("debug {I} b", i);
        }

        var random = new Random(7);
        var expected = Enumerable.Range(0, 100).Where(_ => random.NextDouble() < 0.5).ToList();
        var lines = harness.Lines();

        // Both entries of a sampled request are written (one decision per request, shared by its child activities).
        Assert.Equal(expected.SelectMany(i => new[] { i, i }), lines.Select(l => l.GetProperty("i").GetInt32()));
    }
}
