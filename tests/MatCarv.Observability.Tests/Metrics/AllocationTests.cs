using System.Diagnostics.Metrics;
using MatCarv.Observability.Metrics;

namespace MatCarv.Observability.Tests.Metrics;

/// <summary>The record path and the flush must not allocate once warm (what the benchmarks measure, asserted here).</summary>
public sealed class AllocationTests
{
    private static readonly KeyValuePair<string, object?> Route = new("route", "/orders");
    private static readonly KeyValuePair<string, object?> Method = new("method", "GET");
    private static readonly KeyValuePair<string, object?> Status = new("status", "200");

    [Fact]
    public void Recording_with_three_dimensions_and_flushing_allocate_nothing_once_warm()
    {
        using var meter = new Meter("MatCarv.Tests.Allocation." + Guid.NewGuid().ToString("N"));
        using var harness = MetricsHarness.Lambda(o => o.Meters.Add(meter.Name));
        var counter = meter.CreateCounter<long>("requests");
        var histogram = meter.CreateHistogram<double>("latency", "ms");
        var names = Enumerable.Range(0, 100).Select(i => $"Metric{i}").ToArray();

        void Round()
        {
            // Beyond the 100 exact values of an interval: the histogram and "Latency" are written as distributions.
            for (int i = 0; i < 500; i++)
            {
                histogram.Record((i * 37 % 1000) + 0.5, Route, Method, Status);
                harness.Metrics.AddMetric("Latency", (i * 53 % 700) + 0.25, MetricUnit.Milliseconds);
            }

            for (int i = 0; i < 100; i++)
            {
                counter.Add(1, Route, Method, Status);
                harness.Metrics.AddMetric("Orders", 1, MetricUnit.Count, MetricResolution.Standard, [new("route", "/orders"), new("method", "GET"), new("status", "200")]);
                harness.Metrics.AddMetric(names[i], i, MetricUnit.Milliseconds);
            }

            harness.Metrics.Flush();
            harness.Runtime.Stdout.Flush();
        }

        for (int i = 0; i < 20; i++)
        {
            Round();
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        Round();
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
        Assert.Equal(0, harness.Drops());
    }
}
