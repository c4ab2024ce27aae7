using MatCarv.Observability.Collections;
using MatCarv.Observability.Metrics.Aggregation;
using MatCarv.Observability.Metrics.Emf;

namespace MatCarv.Observability.Tests.Metrics;

/// <summary>The bucketing behind distributions: where a value goes, what is written for its bucket, how the window stays bounded.</summary>
public sealed class DistributionBucketTests
{
    [Fact]
    public void Every_accepted_magnitude_has_a_bucket_that_contains_it_and_a_written_value_within_one_33rd()
    {
        Assert.Equal(0, LogLinearBuckets.IndexOf(Math.Pow(2, -360)));
        Assert.Equal(LogLinearBuckets.MaxIndex, LogLinearBuckets.IndexOf(Math.Pow(2, 360)));
        Assert.Equal(1.0 / 33, LogLinearBuckets.RelativeError);
        var random = new Random(3);
        for (int i = 0; i < 100_000; i++)
        {
            double value = Math.Pow(2, (random.NextDouble() * 720) - 360);
            int index = LogLinearBuckets.IndexOf(value);
            double lower = LogLinearBuckets.LowerBound(index, 0);
            double upper = LogLinearBuckets.LowerBound(index + 1, 0);
            Assert.InRange(index, 0, LogLinearBuckets.MaxIndex);
            Assert.True(lower <= value && value < upper, $"{value} not in [{lower}, {upper})");
            Assert.True(upper / lower <= 1 + (1.0 / 16) + 1e-15);

            // The worst case for the written value: the bucket's two ends were both recorded.
            double written = LogLinearBuckets.Representative(index, 0, lower, Math.BitDecrement(upper));
            foreach (double end in new[] { lower, Math.BitDecrement(upper), value })
            {
                Assert.True(Math.Abs(written - end) <= LogLinearBuckets.RelativeError * end, $"{written} for {end}");
            }
        }
    }

    [Fact]
    public void A_bucket_that_saw_one_distinct_value_writes_it_and_otherwise_stays_inside_what_was_recorded()
    {
        int index = LogLinearBuckets.IndexOf(1.01);
        Assert.Equal(1.01, LogLinearBuckets.Representative(index, 0, 1.01, 1.01));
        double written = LogLinearBuckets.Representative(index, 0, 1.001, 1.002);
        Assert.InRange(written, 1.001, 1.002);
    }

    [Theory]
    [InlineData(0, 1.0 / 33)]
    [InlineData(1, 1.0 / 17)]
    [InlineData(4, 1.0 / 3)]
    [InlineData(5, 3.0 / 5)]
    public void The_error_bound_follows_the_resolution(int shift, double bound) =>
        Assert.Equal(bound, LogLinearBuckets.RelativeErrorAt(shift), 15);

    [Fact]
    public void A_window_moves_grows_and_coarsens_but_never_exceeds_its_bound_and_keeps_exact_statistics()
    {
        var window = new BucketWindow();
        var random = new Random(8);
        var recorded = new List<double>();

        // Start in the middle, then widen both ways until every magnitude from 2^-360 to 2^360 is in.
        foreach (int exponent in Enumerable.Range(0, 361).SelectMany(e => new[] { e, -e }))
        {
            double value = Math.Pow(2, exponent) * (1 + random.NextDouble());
            value = Math.Min(value, Math.Pow(2, 360));
            window.Add(LogLinearBuckets.IndexOf(value), value);
            recorded.Add(value);
        }

        Assert.Equal(4, window.Shift);
        var entries = new ValueList<DistributionEntry>();
        int count = window.Drain(entries, descending: false);
        Assert.Equal(count, entries.Count);
        Assert.InRange(count, 1, BucketWindow.MaxBuckets);
        Assert.Equal(recorded.Count, entries.Sum(e => e.Count));
        Assert.Equal(recorded.Min(), entries[0].Min);
        Assert.Equal(recorded.Max(), entries[^1].Max);
        Assert.Equal(HistogramExactnessTests.CompensatedSum(recorded), HistogramExactnessTests.CompensatedSum(entries.Select(e => e.Sum)), 1e-12 * recorded.Sum());
        Assert.All(entries, e => Assert.InRange(e.Value, e.Min, e.Max));
        Assert.Equal(entries.OrderBy(e => e.Value).Select(e => e.Value), entries.Select(e => e.Value));

        // Drained: empty, full resolution again, and the next values start a new window.
        Assert.Equal(0, window.Drain(entries, descending: false));
        Assert.Equal(0, window.Shift);
        window.Add(LogLinearBuckets.IndexOf(3.0), 3.0);
        entries.Clear();
        window.Drain(entries, descending: false);
        Assert.Equal(new DistributionEntry(3, 1, 3, 3, 3), Assert.Single(entries));
    }

    [Fact]
    public void Values_far_apart_within_64_powers_of_two_keep_full_resolution()
    {
        var window = new BucketWindow();
        foreach (double value in new[] { 1.0, Math.Pow(2, 40), Math.Pow(2, -20), 3.5, Math.Pow(2, 42) })
        {
            window.Add(LogLinearBuckets.IndexOf(value), value);
        }

        var entries = new ValueList<DistributionEntry>();
        window.Drain(entries, descending: false);
        Assert.Equal(0, window.Shift);
        Assert.Equal([Math.Pow(2, -20), 1.0, 3.5, Math.Pow(2, 40), Math.Pow(2, 42)], entries.Select(e => e.Value));
    }
}
