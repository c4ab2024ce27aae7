using System.Diagnostics.Metrics;
using MatCarv.Observability.Metrics;

namespace MatCarv.Observability.Tests.Metrics;

public sealed class ConcurrencyTests
{
    private const int Threads = 8;
    private const int PerThread = 20_000;

    [Fact]
    public void Many_threads_adding_while_flushes_run_lose_no_value()
    {
        using var harness = MetricsHarness.Local(o => o.MaxValuesPerMetric = 10_000_000);
        using var start = new Barrier(Threads + 1);
        int running = Threads;
        var writers = Enumerable.Range(0, Threads).Select(t => new Thread(() =>
        {
            start.SignalAndWait();
            for (int i = 0; i < PerThread; i++)
            {
                harness.Metrics.AddMetric("Hits", 1, MetricUnit.Count, MetricResolution.Standard, [new("a", "x"), new("b", "y"), new("c", "z")]);
                harness.Metrics.AddMetric("Shared", 2, MetricUnit.Count);
                harness.Metrics.AddMetric("PerThread", 1, MetricUnit.Count, MetricResolution.Standard, [new("thread", t % 2 == 0 ? "even" : "odd")]);
            }

            Interlocked.Decrement(ref running);
        })).ToList();
        writers.ForEach(w => w.Start());
        start.SignalAndWait();
        int flushes = 0;
        while (Volatile.Read(ref running) > 0)
        {
            harness.Metrics.Flush();
            flushes++;
        }

        writers.ForEach(w => w.Join());
        var documents = harness.FlushAndRead();
        Assert.True(flushes > 0);
        Assert.Equal(Threads * PerThread, MetricsHarness.Sum(documents, "Hits"));
        Assert.Equal(2.0 * Threads * PerThread, MetricsHarness.Sum(documents, "Shared"));
        Assert.Equal(Threads * PerThread, MetricsHarness.Sum(documents, "PerThread"));
        Assert.Equal(0, harness.Drops());
    }

    [Fact]
    public void Many_threads_on_a_meter_counter_sum_exactly()
    {
        using var meter = new Meter("MatCarv.Tests.Concurrency." + Guid.NewGuid().ToString("N"));
        using var harness = MetricsHarness.Local(o => o.Meters.Add(meter.Name));
        var counter = meter.CreateCounter<long>("requests");
        var histogram = meter.CreateHistogram<double>("latency", "ms");
        using var start = new Barrier(Threads + 1);
        int running = Threads;
        var writers = Enumerable.Range(0, Threads).Select(t => new Thread(() =>
        {
            start.SignalAndWait();
            for (int i = 0; i < PerThread; i++)
            {
                counter.Add(1, new("route", "/orders"), new("method", "GET"), new("status", "200"));
                counter.Add(2, new("status", "200"), new("route", "/orders"), new("method", "GET"));
                if (i % 100 == 0)
                {
                    histogram.Record(t, new KeyValuePair<string, object?>("route", "/orders"));
                }
            }

            Interlocked.Decrement(ref running);
        })).ToList();
        writers.ForEach(w => w.Start());
        start.SignalAndWait();
        while (Volatile.Read(ref running) > 0)
        {
            harness.Metrics.Flush();
        }

        writers.ForEach(w => w.Join());
        var documents = harness.FlushAndRead();
        Assert.Equal(3.0 * Threads * PerThread, MetricsHarness.Sum(documents, "requests"));
        Assert.Equal(Threads * PerThread / 100, MetricsHarness.Count(documents, "latency"));
        Assert.All(documents.Where(d => d.TryGetProperty("requests", out _)), d => Assert.Equal(["method", "route", "service", "status"], EmfValidator.DimensionSets(d)[0].Order(StringComparer.Ordinal)));
    }
}
