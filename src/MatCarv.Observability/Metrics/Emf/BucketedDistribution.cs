using MatCarv.Observability.Collections;

namespace MatCarv.Observability.Metrics.Emf;

/// <summary>
/// Turns a distribution known only by bucket bounds and counts — an OpenTelemetry histogram data point (explicit bounds or an
/// exponential histogram) with its count, sum, min and max — into <see cref="DistributionEntry"/> values that
/// <see cref="EmfDocumentWriter"/> splits and writes exactly like the SDK's own distributions. The individual values are
/// unknown, so each entry is given statistics that some set of values inside its bucket really has (CloudWatch rejects an
/// impossible statistic set): the written value is the bucket's harmonic middle, moved inside [min, max] of the point, and
/// <see cref="SpreadSum"/> then distributes the point's exact sum over the entries so that the documents' <c>Sum</c> fields
/// add up to it. Percentiles are as accurate as the buckets are narrow.
/// </summary>
internal static class BucketedDistribution
{
    /// <summary>
    /// Adds one bucket holding <paramref name="count"/> values between <paramref name="lower"/> and <paramref name="upper"/>
    /// (either may be infinite: OpenTelemetry's first and last explicit buckets), clamped to the point's finite
    /// [<paramref name="pointMin"/>, <paramref name="pointMax"/>]. False (nothing added) when the count is not positive or the
    /// bounds leave no finite range: the caller counts such values as dropped.
    /// </summary>
    public static bool TryAdd(ValueList<DistributionEntry> entries, double lower, double upper, long count, double pointMin, double pointMax)
    {
        double low = Math.Max(lower, pointMin);
        double high = Math.Min(upper, pointMax);
        if (count <= 0 || !double.IsFinite(low) || !double.IsFinite(high) || low > high
            || !EmfRules.IsValidValue(low) || !EmfRules.IsValidValue(high))
        {
            return false;
        }

        double value = Middle(low, high);
        if (count == 1)
        {
            entries.Add(new DistributionEntry(value, 1, value, value, value));
            return true;
        }

        // A set of n values with minimum low and maximum high has a sum in [high + low(n-1), low + high(n-1)]: keep the
        // written value (sum / n) inside that range so the entry is a possible statistic set.
        double spread = (high - low) / count;
        value = Math.Clamp(value, low + spread, high - spread);
        entries.Add(new DistributionEntry(value, count, value * count, low, high));
        return true;
    }

    /// <summary>
    /// Moves the sums of entries [<paramref name="start"/>, end) so that they add up to <paramref name="sum"/> (the data
    /// point's exact sum), each within the range its count, minimum and maximum allow. A sum outside what the buckets allow
    /// (inconsistent input) is approached as closely as they allow.
    /// </summary>
    public static void SpreadSum(ValueList<DistributionEntry> entries, int start, double sum)
    {
        double current = 0;
        for (int i = start; i < entries.Count; i++)
        {
            current += entries[i].Sum;
        }

        double residual = sum - current;
        for (int i = start; i < entries.Count && residual != 0; i++)
        {
            var entry = entries[i];
            double lowest = entry.Count == 1 ? entry.Min : entry.Max + (entry.Min * (entry.Count - 1));
            double highest = entry.Count == 1 ? entry.Max : entry.Min + (entry.Max * (entry.Count - 1));
            double moved = Math.Clamp(entry.Sum + residual, lowest, highest);
            residual -= moved - entry.Sum;
            entries[i] = entry.Count == 1
                ? new DistributionEntry(moved, 1, moved, moved, moved)
                : entry with { Value = Math.Clamp(moved / entry.Count, entry.Min, entry.Max), Sum = moved };
        }
    }

    /// <summary>The value closest, relatively, to every value of [low, high] (its harmonic mean), or its midpoint when it spans zero.</summary>
    private static double Middle(double low, double high)
    {
        if (low == high)
        {
            return low;
        }

        if (low > 0 || high < 0)
        {
            return Math.Clamp(2 * low * high / (low + high), low, high);
        }

        return (low / 2) + (high / 2);
    }
}
