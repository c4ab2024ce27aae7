using System.Text;
using System.Text.Json;
using MatCarv.Observability.Collections;
using MatCarv.Observability.Metrics;
using MatCarv.Observability.Metrics.Emf;

namespace MatCarv.Observability.Tests.Metrics;

/// <summary>
/// A distribution known only by bucket bounds (an OpenTelemetry histogram point: what MatCarv.OpenTelemetry's EMF exporter
/// maps) becomes documents that pass the validator, with the point's exact count, minimum and maximum and its sum.
/// </summary>
public sealed class BucketedDistributionTests
{
    [Fact]
    public void An_explicit_bounds_histogram_point_is_written_as_valid_statistic_sets_with_its_exact_totals()
    {
        // OpenTelemetry's default boundaries (ms) and a point with min 0.4, max 1800, sum 52345.6 over 1000 values.
        double[] bounds = [0, 5, 10, 25, 50, 75, 100, 250, 500, 750, 1000, 2500, 5000, 7500, 10000];
        long[] counts = [0, 120, 200, 260, 150, 90, 60, 70, 25, 10, 10, 5, 0, 0, 0, 0];
        const double Min = 0.4;
        const double Max = 1800;
        const double Sum = 52345.6;
        var entries = new ValueList<DistributionEntry>();
        for (int i = 0; i < counts.Length; i++)
        {
            double lower = i == 0 ? double.NegativeInfinity : bounds[i - 1];
            double upper = i < bounds.Length ? bounds[i] : double.PositiveInfinity;
            Assert.Equal(counts[i] > 0, BucketedDistribution.TryAdd(entries, lower, upper, counts[i], Min, Max));
        }

        BucketedDistribution.SpreadSum(entries, 0, Sum);
        var documents = Write(entries, maxDocumentBytes: 256 * 1024);
        var written = EmfStatistics.Of(documents, "http.server.request.duration");
        Assert.Equal(counts.Sum(), written.Count);
        Assert.Equal(Min, written.Min);
        Assert.Equal(Max, written.Max);
        Assert.Equal(Sum, written.Sum, 1e-9);
    }

    [Fact]
    public void More_than_100_buckets_are_split_into_documents_that_each_pass_the_validator()
    {
        var entries = new ValueList<DistributionEntry>();
        double sum = 0;
        for (int i = 0; i < 250; i++)
        {
            // An exponential histogram's buckets: (2^(i/8), 2^((i+1)/8)], 3 values each.
            double lower = Math.Pow(2, i / 8.0);
            double upper = Math.Pow(2, (i + 1) / 8.0);
            Assert.True(BucketedDistribution.TryAdd(entries, lower, upper, 3, 1.0, Math.Pow(2, 250 / 8.0)));
            sum += 3 * Math.Sqrt(lower * upper);
        }

        BucketedDistribution.SpreadSum(entries, 0, sum);
        var documents = Write(entries, maxDocumentBytes: 256 * 1024);
        Assert.Equal(3, documents.Count);
        var written = EmfStatistics.Of(documents, "http.server.request.duration");
        Assert.Equal(750, written.Count);
        Assert.Equal(sum, written.Sum, 1e-9 * sum);
    }

    [Fact]
    public void Buckets_without_a_finite_range_are_refused_for_the_caller_to_count()
    {
        var entries = new ValueList<DistributionEntry>();
        Assert.False(BucketedDistribution.TryAdd(entries, double.NegativeInfinity, 0, 5, double.NegativeInfinity, 10));
        Assert.False(BucketedDistribution.TryAdd(entries, 0, 5, 0, 0, 10));
        Assert.False(BucketedDistribution.TryAdd(entries, 20, 30, 5, 0, 10));
        Assert.Empty(entries);
    }

    /// <summary>Writes one distribution metric through the SDK's document writer and returns the validated documents.</summary>
    private static List<JsonElement> Write(ValueList<DistributionEntry> entries, int maxDocumentBytes)
    {
        using var harness = MetricsHarness.Local();
        var settings = MetricsSettings.Resolve(new MatCarvMetricsOptions { MaxDocumentBytes = maxDocumentBytes }, harness.Runtime);
        using var writer = new EmfDocumentWriter(settings, harness.Runtime.Diagnostics);
        var group = new EmfGroup();
        group.Entries.AddRange(entries);
        group.Metrics.Add(new EmfMetric("http.server.request.duration", JsonEncodedText.Encode("http.server.request.duration"), MetricUnit.Milliseconds, MetricResolution.Standard, 0, entries.Count, IsDistribution: true));
        var sink = new CollectingSink();
        writer.Write(group, 1_795_721_512_702, sink);
        Assert.Equal(0, harness.Drops());
        return [.. sink.Documents.Select(d => EmfValidator.AssertValid(d))];
    }

    private sealed class CollectingSink : IDocumentSink
    {
        public List<string> Documents { get; } = [];

        public void WriteDocument(ReadOnlySpan<byte> document) => Documents.Add(Encoding.UTF8.GetString(document));
    }
}
