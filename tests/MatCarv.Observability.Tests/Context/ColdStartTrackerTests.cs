using MatCarv.Observability.Context;

namespace MatCarv.Observability.Tests.Context;

public sealed class ColdStartTrackerTests
{
    [Fact]
    public void Only_the_first_invocation_is_cold_even_when_many_start_at_once()
    {
        var tracker = new ColdStartTracker(provisionedConcurrency: false);
        var results = new bool[64];
        Parallel.For(0, results.Length, i => results[i] = tracker.NextInvocationIsCold());
        Assert.Equal(1, results.Count(r => r));
    }

    [Fact]
    public void No_invocation_is_cold_under_provisioned_concurrency()
    {
        var tracker = new ColdStartTracker(provisionedConcurrency: true);
        Assert.False(tracker.NextInvocationIsCold());
        Assert.False(tracker.NextInvocationIsCold());
    }
}
