using System.Diagnostics.Metrics;
using System.Text.Json;
using MatCarv.Observability.Metrics;

namespace MatCarv.Observability.Tests.Metrics;

public sealed class MeterBridgeTests : IDisposable
{
    private readonly Meter _meter = new("MatCarv.Tests.Bridge." + Guid.NewGuid().ToString("N"));

    public void Dispose() => _meter.Dispose();

    private MetricsHarness Harness(Action<MatCarvMetricsOptions>? configure = null) => MetricsHarness.Local(o =>
    {
        o.Meters.Add(_meter.Name);
        configure?.Invoke(o);
    });

    private static string Unit(JsonElement document, string name) =>
        document.GetProperty("_aws").GetProperty("CloudWatchMetrics")[0].GetProperty("Metrics").EnumerateArray()
            .Single(m => m.GetProperty("Name").GetString() == name).GetProperty("Unit").GetString()!;

    [Fact]
    public void Counter_is_written_as_the_sum_of_the_interval_per_dimension_set()
    {
        using var harness = Harness();
        var counter = _meter.CreateCounter<int>("orders", "{order}");
        counter.Add(2, new KeyValuePair<string, object?>("operation", "put"));
        counter.Add(3, new KeyValuePair<string, object?>("operation", "put"));
        counter.Add(7, new KeyValuePair<string, object?>("operation", "get"));

        var documents = harness.FlushAndRead();
        Assert.Equal(2, documents.Count);
        Assert.Equal(5, documents.Single(d => d.GetProperty("operation").GetString() == "put").GetProperty("orders").GetDouble());
        Assert.Equal(7, documents.Single(d => d.GetProperty("operation").GetString() == "get").GetProperty("orders").GetDouble());
        Assert.All(documents, d => Assert.Equal("Count", Unit(d, "orders")));

        // Deltas: nothing new, nothing written.
        counter.Add(1, new KeyValuePair<string, object?>("operation", "put"));
        var next = harness.FlushAndRead().Skip(2).ToList();
        Assert.Equal(1, Assert.Single(next).GetProperty("orders").GetDouble());
    }

    [Fact]
    public void UpDownCounter_histogram_and_gauges_aggregate_as_documented()
    {
        using var harness = Harness();
        var queue = _meter.CreateUpDownCounter<long>("queue.depth");
        var latency = _meter.CreateHistogram<double>("latency", "ms");
        double level = 41;
        _meter.CreateObservableGauge("temperature", () => level, "%");
        long total = 100;
        _meter.CreateObservableCounter("bytes.read", () => total, "By");
        queue.Add(5);
        queue.Add(-2);
        for (int i = 0; i < 150; i++)
        {
            latency.Record(i);
        }

        var first = harness.FlushAndRead();
        Assert.Equal(3, MetricsHarness.Sum(first, "queue.depth"));
        // 150 values: more than the 100 written exactly, so one distribution of all of them.
        var histogram = Assert.Single(first, d => d.TryGetProperty("latency", out _));
        Assert.True(EmfStatistics.IsDistribution(histogram, "latency"));
        Assert.Equal(new MetricStatistics(150, Enumerable.Range(0, 150).Sum(), 0, 149), EmfStatistics.Of(first, "latency"));
        Assert.Equal(41, MetricsHarness.Sum(first, "temperature"));
        Assert.Equal(100, MetricsHarness.Sum(first, "bytes.read"));
        Assert.Equal("Milliseconds", Unit(first.First(d => d.TryGetProperty("latency", out _)), "latency"));
        Assert.Equal("Percent", Unit(first.First(d => d.TryGetProperty("temperature", out _)), "temperature"));
        Assert.Equal("Bytes", Unit(first.First(d => d.TryGetProperty("bytes.read", out _)), "bytes.read"));

        level = 43;
        total = 130;
        var second = harness.FlushAndRead().Skip(first.Count).ToList();
        Assert.Equal(43, MetricsHarness.Sum(second, "temperature"));
        Assert.Equal(30, MetricsHarness.Sum(second, "bytes.read"));
        Assert.Equal(0, MetricsHarness.Count(second, "latency"));
    }

    [Fact]
    public void Only_the_selected_meters_are_written()
    {
        using var other = new Meter("Other.Library");
        using var prefixed = new Meter(_meter.Name + ".Sub");
        using var harness = MetricsHarness.Local(o => o.Meters.Add(_meter.Name + ".*"));
        other.CreateCounter<int>("ignored").Add(1);
        _meter.CreateCounter<int>("exact.not.selected").Add(1);
        prefixed.CreateCounter<int>("selected").Add(1);

        var document = Assert.Single(harness.FlushAndRead());
        Assert.Equal(["selected"], EmfValidator.MetricNames(document));
    }

    [Fact]
    public void Allow_list_policy_keeps_only_the_listed_tags_and_merges_the_rest()
    {
        using var harness = Harness(o =>
        {
            o.MeterTagPolicy = MeterTagPolicy.AllowList;
            o.MeterTagAllowList.Add("route");
        });
        var counter = _meter.CreateCounter<long>("requests");
        counter.Add(1, new("route", "/a"), new("user", "u1"));
        counter.Add(1, new("route", "/a"), new("user", "u2"));
        counter.Add(1, new("route", "/b"), new("user", "u3"));

        var documents = harness.FlushAndRead();
        Assert.Equal(2, documents.Count);
        Assert.All(documents, d => Assert.False(d.TryGetProperty("user", out _)));
        Assert.Equal(2, documents.Single(d => d.GetProperty("route").GetString() == "/a").GetProperty("requests").GetDouble());
    }

    [Fact]
    public void None_policy_aggregates_every_measurement_into_one_metric()
    {
        using var harness = Harness(o => o.MeterTagPolicy = MeterTagPolicy.None);
        var counter = _meter.CreateCounter<long>("requests");
        counter.Add(1, new KeyValuePair<string, object?>("route", "/a"));
        counter.Add(2, new KeyValuePair<string, object?>("route", "/b"));
        var document = Assert.Single(harness.FlushAndRead());
        Assert.Equal(3, document.GetProperty("requests").GetDouble());
        Assert.Equal(["service"], EmfValidator.DimensionSets(document)[0]);
    }

    [Fact]
    public void Tags_of_any_type_become_string_dimensions_and_null_tags_are_left_out()
    {
        using var harness = Harness();
        var counter = _meter.CreateCounter<double>("requests");
        counter.Add(1.5, new("status", 200), new("ok", true), new("ratio", 0.5), new("missing", null));
        counter.Add(1.5, new("status", 200), new("ok", true), new("ratio", 0.5), new("missing", null));
        var document = Assert.Single(harness.FlushAndRead());
        Assert.Equal("200", document.GetProperty("status").GetString());
        Assert.Equal("true", document.GetProperty("ok").GetString());
        Assert.Equal("0.5", document.GetProperty("ratio").GetString());
        Assert.False(document.TryGetProperty("missing", out _));
        Assert.Equal(3, document.GetProperty("requests").GetDouble());
    }

    [Fact]
    public void Cardinality_limit_drops_new_combinations_and_counts_them()
    {
        using var harness = Harness(o => o.CardinalityLimit = 3);
        var counter = _meter.CreateCounter<long>("requests");
        for (int i = 0; i < 10; i++)
        {
            counter.Add(1, new KeyValuePair<string, object?>("user", $"u{i}"));
        }

        counter.Add(1, new KeyValuePair<string, object?>("user", "u0"));
        var documents = harness.FlushAndRead();
        Assert.Equal(3, documents.Count);
        Assert.Equal(4, MetricsHarness.Sum(documents, "requests"));
        Assert.Equal(7, harness.Drops("cardinality_limit"));
    }

    [Fact]
    public void Invalid_measurements_and_tags_are_dropped_and_counted()
    {
        using var harness = Harness();
        var histogram = _meter.CreateHistogram<double>("latency");
        histogram.Record(double.NaN);
        histogram.Record(double.PositiveInfinity);
        histogram.Record(1, new KeyValuePair<string, object?>("caf\u00e9", "x"));
        histogram.Record(1, new KeyValuePair<string, object?>("k", string.Empty));
        histogram.Record(1, new KeyValuePair<string, object?>("latency", "x"));
        histogram.Record(4);
        var document = Assert.Single(harness.FlushAndRead());
        Assert.Equal([4.0], EmfValidator.ValuesOf(document, "latency"));
        Assert.Equal(2, harness.Drops("invalid_value"));
        Assert.Equal(2, harness.Drops("invalid_dimension"));
        Assert.Equal(1, harness.Drops("name_collision"));
    }

    [Fact]
    public void Instruments_with_the_same_tags_share_a_document()
    {
        using var harness = Harness();
        var tag = new KeyValuePair<string, object?>("route", "/a");
        _meter.CreateCounter<long>("requests").Add(1, tag);
        _meter.CreateHistogram<double>("latency", "s").Record(0.25, tag);
        var document = Assert.Single(harness.FlushAndRead());
        Assert.Equal(["latency", "requests"], EmfValidator.MetricNames(document).Order(StringComparer.Ordinal));
        Assert.Equal("Seconds", Unit(document, "latency"));
    }

    [Fact]
    public void Meters_are_ignored_when_metrics_are_disabled()
    {
        using var harness = Harness(o => o.Enabled = false);
        _meter.CreateCounter<long>("requests").Add(1);
        Assert.Empty(harness.FlushAndRead());
    }
}
