using System.Diagnostics.Metrics;
using System.Text.Json;
using MatCarv.Observability.Metrics;
using MatCarv.Observability.Metrics.Aggregation;

namespace MatCarv.Observability.Tests.Metrics;

/// <summary>
/// Histograms without loss (issue 10 item 6, issue 11): whatever the rate, what a flush writes carries every recorded value —
/// count, sum, minimum and maximum exact as CloudWatch reads them across the documents — and every percentile of the
/// written distribution lies within <see cref="LogLinearBuckets.RelativeError"/> (1/33) of the same percentile of the
/// recorded values. Every document passes <see cref="EmfValidator"/> (schema + semantic rules, distributions included).
/// </summary>
public sealed class HistogramExactnessTests : IDisposable
{
    private const int Million = 1_000_000;

    private static readonly KeyValuePair<string, object?> Route = new("route", "/orders");
    private static readonly KeyValuePair<string, object?> Method = new("method", "GET");
    private static readonly KeyValuePair<string, object?> Status = new("status", "200");

    private readonly Meter _meter = new("MatCarv.Tests.Histograms." + Guid.NewGuid().ToString("N"));

    public void Dispose() => _meter.Dispose();

    [Theory]
    [InlineData("meter")]
    [InlineData("api")]
    public void A_million_values_in_one_interval_keep_count_sum_min_and_max_exact(string source)
    {
        using var harness = MetricsHarness.Local(o => o.Meters.Add(_meter.Name));
        var histogram = _meter.CreateHistogram<double>("latency", "ms");
        double[] values = Latencies(Million, seed: 11);
        if (source == "meter")
        {
            foreach (double value in values)
            {
                histogram.Record(value, Route, Method, Status);
            }
        }
        else
        {
            foreach (double value in values)
            {
                harness.Metrics.AddMetric("latency", value, MetricUnit.Milliseconds, MetricResolution.Standard, [new("route", "/orders"), new("method", "GET"), new("status", "200")]);
            }
        }

        var documents = harness.FlushAndRead();
        var written = EmfStatistics.Of(documents, "latency");
        Assert.Equal(Million, written.Count);
        Assert.Equal(values.Sum(), written.Sum); // every partial sum of these values is exact: no rounding to allow for
        Assert.Equal(values.Min(), written.Min);
        Assert.Equal(values.Max(), written.Max);
        Assert.Equal(0, harness.Drops());

        // Bounded: a few hundred buckets, split into documents of at most 100 values (checked by the validator), each a
        // distribution of its own.
        Assert.InRange(documents.Count, 2, (2 * BucketWindow.MaxBuckets / 100) + 2);
        Assert.All(documents, d => Assert.True(EmfStatistics.IsDistribution(d, "latency")));
        Assert.All(documents, d => Assert.Equal("/orders", d.GetProperty("route").GetString()));

        AssertEveryRankWithin(values, EmfStatistics.Points(documents, "latency"), LogLinearBuckets.RelativeError);
    }

    [Fact]
    public void Arbitrary_values_keep_count_min_and_max_exact_and_the_sum_to_rounding()
    {
        using var harness = MetricsHarness.Local(o => o.Meters.Add(_meter.Name));
        var histogram = _meter.CreateHistogram<double>("drift");
        var random = new Random(5);
        var values = new double[200_000];
        for (int i = 0; i < values.Length; i++)
        {
            // Both signs, zeros, twelve decades of magnitudes, no exact binary fractions.
            values[i] = i % 97 == 0 ? 0 : (random.Next(2) == 0 ? -1 : 1) * Math.Pow(10, (random.NextDouble() * 12) - 4) * (1 + random.NextDouble());
            histogram.Record(values[i], Route);
        }

        var documents = harness.FlushAndRead();
        var written = EmfStatistics.Of(documents, "drift");
        Assert.Equal(values.Length, written.Count);
        Assert.Equal(values.Min(), written.Min);
        Assert.Equal(values.Max(), written.Max);
        double magnitude = values.Sum(Math.Abs);
        Assert.True(Math.Abs(written.Sum - CompensatedSum(values)) <= 1e-12 * magnitude, $"sum {written.Sum} vs {CompensatedSum(values)}");
        Assert.Equal(0, harness.Drops());
        AssertEveryRankWithin(values, EmfStatistics.Points(documents, "drift"), LogLinearBuckets.RelativeError);
    }

    [Fact]
    public void Few_values_are_written_exactly_in_the_order_recorded()
    {
        using var harness = MetricsHarness.Local(o => o.Meters.Add(_meter.Name));
        var histogram = _meter.CreateHistogram<double>("latency", "ms");
        double[] values = [.. Enumerable.Range(0, 100).Select(i => (i * 7.3) % 41)];
        foreach (double value in values)
        {
            histogram.Record(value, Route);
        }

        var document = Assert.Single(harness.FlushAndRead());
        Assert.Equal(values, EmfValidator.ValuesOf(document, "latency"));
    }

    [Fact]
    public void The_value_after_the_exact_limit_turns_the_interval_into_a_distribution_of_all_its_values()
    {
        using var harness = MetricsHarness.Lambda(o => o.MaxValuesPerMetric = 3);
        foreach (double value in new[] { 5, 1, 5, 2.5 })
        {
            harness.Metrics.AddMetric("Bulk", value, MetricUnit.Count);
        }

        var document = Assert.Single(harness.FlushAndRead());
        var bulk = document.GetProperty("Bulk");
        Assert.Equal("""{"Values":[1,2.5,5],"Counts":[1,1,2],"Max":5,"Min":1,"Count":4,"Sum":13.5}""", bulk.GetRawText());

        // The next interval starts with exact values again.
        harness.Metrics.AddMetric("Bulk", 7, MetricUnit.Count);
        Assert.Equal([7.0], EmfValidator.ValuesOf(harness.FlushAndRead()[^1], "Bulk"));
    }

    [Fact]
    public void Zero_aggregates_every_interval_and_a_bucket_with_one_distinct_value_is_written_exactly()
    {
        using var harness = MetricsHarness.Lambda(o => o.MaxValuesPerMetric = 0);
        harness.Metrics.AddMetric("Orders", 1, MetricUnit.Count);
        for (int i = 0; i < 10_000; i++)
        {
            harness.Metrics.AddMetric("Orders", 1, MetricUnit.Count);
            harness.Metrics.AddMetric("Orders", 0, MetricUnit.Count);
            harness.Metrics.AddMetric("Orders", -3, MetricUnit.Count);
        }

        var orders = Assert.Single(harness.FlushAndRead()).GetProperty("Orders");
        Assert.Equal("""{"Values":[-3,0,1],"Counts":[10000,10000,10001],"Max":1,"Min":-3,"Count":30001,"Sum":-19999}""", orders.GetRawText());
    }

    [Fact]
    public void Values_spanning_every_magnitude_CloudWatch_accepts_stay_bounded_and_exact_in_count_min_and_max()
    {
        using var harness = MetricsHarness.Local(o => o.Meters.Add(_meter.Name));
        var histogram = _meter.CreateHistogram<double>("extremes");
        var values = new List<double>();
        for (int exponent = -360; exponent <= 360; exponent++)
        {
            values.Add(Math.Pow(2, exponent));
            if (exponent < 360)
            {
                values.Add(-1.5 * Math.Pow(2, exponent));
            }
        }

        foreach (double value in values)
        {
            histogram.Record(value);
        }

        var documents = harness.FlushAndRead();
        var written = EmfStatistics.Of(documents, "extremes");
        Assert.Equal(values.Count, written.Count);
        Assert.Equal(values.Min(), written.Min);
        Assert.Equal(values.Max(), written.Max);
        Assert.True(EmfStatistics.Points(documents, "extremes").Count <= 2 * BucketWindow.MaxBuckets);

        // 720 powers of two are more than one window holds at full resolution: the documented coarser bound applies.
        AssertEveryRankWithin([.. values], EmfStatistics.Points(documents, "extremes"), LogLinearBuckets.RelativeErrorAt(4));
    }

    [Fact]
    public void A_bucket_whose_sum_CloudWatch_cannot_take_is_dropped_and_counted()
    {
        using var harness = MetricsHarness.Lambda(o => o.MaxValuesPerMetric = 0);
        double huge = Math.Pow(2, 359);
        for (int i = 0; i < 4; i++)
        {
            harness.Metrics.AddMetric("Huge", huge);
        }

        harness.Metrics.AddMetric("Huge", 1);
        var documents = harness.FlushAndRead();
        var written = EmfStatistics.Of(documents, "Huge");
        Assert.Equal(1, written.Count);
        Assert.Equal(4, harness.Drops("invalid_value"));
    }

    [Fact]
    public void Validator_rejects_distributions_that_break_the_rules()
    {
        static List<string> Errors(string distribution) => EmfValidator.Validate(
            """{"_aws":{"Timestamp":1795721512702,"CloudWatchMetrics":[{"Namespace":"N","Dimensions":[[]],"Metrics":[{"Name":"m"}]}]},"m":""" + distribution + "}",
            false,
            out _);

        Assert.Empty(Errors("""{"Values":[1,2],"Counts":[3,1],"Max":2,"Min":1,"Count":4,"Sum":5}"""));
        Assert.NotEmpty(Errors("""{"Values":[1,2],"Counts":[3],"Max":2,"Min":1,"Count":3,"Sum":5}""")); // lengths differ
        Assert.NotEmpty(Errors("""{"Values":[1,2],"Counts":[3,0],"Max":2,"Min":1,"Count":3,"Sum":3}""")); // count not positive
        Assert.NotEmpty(Errors("""{"Values":[1,2],"Counts":[3,1],"Max":2,"Min":1,"Count":5,"Sum":5}""")); // Count is not ΣCounts
        Assert.NotEmpty(Errors("""{"Values":[1,2],"Counts":[3,1],"Max":2,"Min":1,"Count":4,"Sum":9}""")); // impossible sum
        Assert.NotEmpty(Errors("""{"Values":[1,3],"Counts":[3,1],"Max":2,"Min":1,"Count":4,"Sum":5}""")); // value above Max
        Assert.NotEmpty(Errors("""{"Values":[1],"Counts":[1],"Max":2,"Min":1,"Count":1,"Sum":1}""")); // one value, Min != Max
        Assert.NotEmpty(Errors("""{"Values":[1],"Counts":[1],"Max":1,"Min":1,"Count":1}""")); // Sum missing
        Assert.NotEmpty(Errors("""{"Values":[],"Counts":[],"Max":1,"Min":1,"Count":0,"Sum":0}""")); // empty
        Assert.NotEmpty(Errors("""{"Values":[1e300],"Counts":[1],"Max":1e300,"Min":1e300,"Count":1,"Sum":1e300}""")); // beyond 2^360
        var many = string.Join(',', Enumerable.Range(1, 101));
        var ones = string.Join(',', Enumerable.Repeat(1, 101));
        Assert.NotEmpty(Errors($$"""{"Values":[{{many}}],"Counts":[{{ones}}],"Max":101,"Min":1,"Count":101,"Sum":5151}""")); // > 100 values
    }

    /// <summary>
    /// Latencies in milliseconds: log-normal around 40 ms (σ = 1.5, so 1 ms to minutes), rounded to 1/1024 ms. Every partial
    /// sum of them is an exact double (below 2^43 in steps of 2^-10), so the expected sum does not depend on the order of
    /// addition.
    /// </summary>
    internal static double[] Latencies(int count, int seed)
    {
        var random = new Random(seed);
        var values = new double[count];
        for (int i = 0; i < count; i++)
        {
            double normal = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
            double milliseconds = Math.Min(Math.Exp(Math.Log(40) + (1.5 * normal)), 600_000);
            values[i] = Math.Max(1, Math.Round(milliseconds * 1024)) / 1024;
        }

        return values;
    }

    /// <summary>
    /// The k-th smallest written value (counts expanded) against the k-th smallest recorded value, for every k: each within
    /// <paramref name="relativeError"/> of it. Bucketing is monotone and every written value lies within the bound of each
    /// value it stands for, so every percentile CloudWatch computes from the written points is within the bound.
    /// </summary>
    internal static void AssertEveryRankWithin(double[] recorded, List<(double Value, long Count)> written, double relativeError)
    {
        var sortedRecorded = recorded.Order().ToArray();
        var sortedWritten = written.OrderBy(p => p.Value).ToList();
        Assert.Equal(sortedRecorded.LongLength, sortedWritten.Sum(p => p.Count));
        long rank = 0;
        foreach (var (value, count) in sortedWritten)
        {
            for (long k = 0; k < count; k++, rank++)
            {
                double expected = sortedRecorded[rank];
                if (Math.Abs(value - expected) > relativeError * Math.Abs(expected))
                {
                    Assert.Fail($"rank {rank} of {sortedRecorded.Length}: written {value}, recorded {expected} (bound {relativeError:P2})");
                }
            }
        }
    }

    /// <summary>Neumaier's compensated sum: the reference the written sum is compared with.</summary>
    internal static double CompensatedSum(IEnumerable<double> values)
    {
        double sum = 0;
        double compensation = 0;
        foreach (double value in values)
        {
            double t = sum + value;
            compensation += Math.Abs(sum) >= Math.Abs(value) ? (sum - t) + value : (value - t) + sum;
            sum = t;
        }

        return sum + compensation;
    }
}
