using System.Diagnostics.Metrics;
using MatCarv.Observability.Metrics;
using MatCarv.Observability.Metrics.Aggregation;

namespace MatCarv.Observability.Tests.Metrics;

public sealed class ConcurrencyTests
{
    private const int Threads = 8;
    private const int PerThread = 20_000;

    [Fact]
    public void Many_threads_adding_while_flushes_run_lose_no_value()
    {
        using var harness = MetricsHarness.Local();
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
        Assert.Equal(Enumerable.Range(0, Threads).Sum() * (PerThread / 100), MetricsHarness.Sum(documents, "latency"));
        Assert.All(documents.Where(d => d.TryGetProperty("requests", out _)), d => Assert.Equal(["method", "route", "service", "status"], EmfValidator.DimensionSets(d)[0].Order(StringComparer.Ordinal)));
    }

    [Fact]
    public void Histogram_threads_recording_while_flushes_run_lose_nothing_and_count_nothing_twice()
    {
        const int Writers = 4;
        const int PerWriter = 100_000;
        using var meter = new Meter("MatCarv.Tests.Concurrency." + Guid.NewGuid().ToString("N"));
        using var harness = MetricsHarness.Local(o => o.Meters.Add(meter.Name));
        var histogram = meter.CreateHistogram<double>("latency", "ms");
        var hot = new KeyValuePair<string, object?>("route", "/orders");
        var cold = new KeyValuePair<string, object?>("route", "/health");
        double[][] values = [.. Enumerable.Range(0, Writers).Select(w => HistogramExactnessTests.Latencies(PerWriter, seed: 100 + w))];
        using var start = new Barrier(Writers + 1);
        int running = Writers;
        var writers = Enumerable.Range(0, Writers).Select(w => new Thread(() =>
        {
            start.SignalAndWait();
            var mine = values[w];
            for (int i = 0; i < mine.Length; i++)
            {
                // Every writer on one series, and one value in eight on a second series.
                histogram.Record(mine[i], i % 8 == 0 ? cold : hot);
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
            Thread.Sleep(1);
        }

        writers.ForEach(w => w.Join());
        var documents = harness.FlushAndRead();
        Assert.True(flushes > 1, $"{flushes} flushes ran while the writers recorded");
        foreach (var (route, selector) in new (string, Func<int, bool>)[] { ("/orders", i => i % 8 != 0), ("/health", i => i % 8 == 0) })
        {
            var expected = values.SelectMany(v => v.Where((_, i) => selector(i))).ToArray();
            var ofRoute = documents.Where(d => d.GetProperty("route").GetString() == route).ToList();
            var written = EmfStatistics.Of(ofRoute, "latency");
            Assert.Equal(expected.Length, written.Count);
            Assert.Equal(expected.Sum(), written.Sum); // exact: these values have exact partial sums
            Assert.Equal(expected.Min(), written.Min);
            Assert.Equal(expected.Max(), written.Max);
            HistogramExactnessTests.AssertEveryRankWithin(expected, EmfStatistics.Points(ofRoute, "latency"), LogLinearBuckets.RelativeError);
        }

        Assert.Equal(0, harness.Drops());
    }
}
