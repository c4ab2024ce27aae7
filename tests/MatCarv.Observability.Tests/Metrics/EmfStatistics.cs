using System.Text.Json;

namespace MatCarv.Observability.Tests.Metrics;

/// <summary>Count, sum, minimum and maximum of a metric across documents, read as CloudWatch reads them.</summary>
internal readonly record struct MetricStatistics(long Count, double Sum, double Min, double Max);

/// <summary>
/// Reads a metric as CloudWatch does, whatever its shape: a number or an array of numbers (each a data point of count 1), or a
/// distribution (<c>Values</c>/<c>Counts</c> with its <c>Count</c>, <c>Sum</c>, <c>Min</c>, <c>Max</c>). Documents are
/// validated by <see cref="EmfValidator"/> before they get here.
/// </summary>
internal static class EmfStatistics
{
    public static bool IsDistribution(JsonElement document, string name) =>
        document.TryGetProperty(name, out var target) && target.ValueKind == JsonValueKind.Object;

    /// <summary>The (value, count) pairs of a metric in one document.</summary>
    public static IEnumerable<(double Value, long Count)> Points(JsonElement document, string name)
    {
        if (!document.TryGetProperty(name, out var target))
        {
            yield break;
        }

        switch (target.ValueKind)
        {
            case JsonValueKind.Object:
                var values = target.GetProperty("Values");
                var counts = target.GetProperty("Counts");
                for (int i = 0; i < values.GetArrayLength(); i++)
                {
                    yield return (values[i].GetDouble(), counts[i].GetInt64());
                }

                break;
            case JsonValueKind.Array:
                foreach (var value in target.EnumerateArray())
                {
                    yield return (value.GetDouble(), 1);
                }

                break;
            default:
                yield return (target.GetDouble(), 1);
                break;
        }
    }

    /// <summary>The (value, count) pairs of a metric across documents.</summary>
    public static List<(double Value, long Count)> Points(IEnumerable<JsonElement> documents, string name) =>
        [.. documents.SelectMany(d => Points(d, name))];

    /// <summary>The statistics of a metric across documents (sums added in document order); all zero when absent.</summary>
    public static MetricStatistics Of(IEnumerable<JsonElement> documents, string name)
    {
        long count = 0;
        double sum = 0;
        double min = double.PositiveInfinity;
        double max = double.NegativeInfinity;
        foreach (var document in documents)
        {
            if (!document.TryGetProperty(name, out var target))
            {
                continue;
            }

            if (target.ValueKind == JsonValueKind.Object)
            {
                count += target.GetProperty("Count").GetInt64();
                sum += target.GetProperty("Sum").GetDouble();
                min = Math.Min(min, target.GetProperty("Min").GetDouble());
                max = Math.Max(max, target.GetProperty("Max").GetDouble());
                continue;
            }

            foreach (var (value, _) in Points(document, name))
            {
                count++;
                sum += value;
                min = Math.Min(min, value);
                max = Math.Max(max, value);
            }
        }

        return count == 0 ? default : new MetricStatistics(count, sum, min, max);
    }

    /// <summary>How many data points every metric of the documents stands for (what CloudWatch counts).</summary>
    public static long RecordedCount(IEnumerable<JsonElement> documents) =>
        documents.Sum(d => EmfValidator.MetricNames(d).Sum(n => Points(d, n).Sum(p => p.Count)));

    /// <summary>
    /// The q-quantile as read from the written points: the smallest written value whose cumulative count reaches
    /// ⌈q·N⌉ (the nearest-rank definition; q = 0 gives the smallest value).
    /// </summary>
    public static double Quantile(List<(double Value, long Count)> points, double q)
    {
        var sorted = points.OrderBy(p => p.Value).ToList();
        long total = sorted.Sum(p => p.Count);
        long rank = Math.Max(1, (long)Math.Ceiling(q * total));
        long seen = 0;
        foreach (var (value, count) in sorted)
        {
            seen += count;
            if (seen >= rank)
            {
                return value;
            }
        }

        return sorted[^1].Value;
    }

    /// <summary>The same nearest-rank quantile of the recorded values themselves (sorted ascending).</summary>
    public static double Quantile(double[] sortedValues, double q)
    {
        long rank = Math.Max(1, (long)Math.Ceiling(q * sortedValues.Length));
        return sortedValues[rank - 1];
    }
}
