using System.Diagnostics.Metrics;
using CsCheck;
using MatCarv.Observability.Metrics;
using MatCarv.Observability.Metrics.Aggregation;
using MatCarv.Observability.Metrics.Emf;

namespace MatCarv.Observability.Tests.Metrics;

/// <summary>Any input either becomes valid EMF or is dropped and counted: never an invalid document, never a silent loss.</summary>
public sealed class PropertyTests
{
    private static readonly Gen<string> Name = Gen.OneOf(
        Gen.String[Gen.Char["abcdXYZ_09"], 1, 6],
        Gen.String[Gen.Char, 0, 10],
        Gen.String[Gen.Char[" \t\n\u00e9\ud800:/.-"], 0, 4],
        Gen.Const("_aws"),
        Gen.Const("k0"),
        Gen.Const("service"));

    private static readonly Gen<double> Value = Gen.OneOf(
        Gen.Double,
        Gen.Double[-1e9, 1e9],
        Gen.Int[-5, 5].Select(i => (double)i),
        Gen.Int[0, 5].Select(i => new[] { double.NaN, double.PositiveInfinity, double.NegativeInfinity, double.Epsilon, double.MaxValue, -0.0 }[i]));

    private static readonly Gen<KeyValuePair<string, string>[]> Dimensions =
        Gen.Select(Gen.OneOf(Gen.Const("k0"), Gen.Const("k1"), Name), Gen.OneOf(Gen.Const("v"), Name), (k, v) => new KeyValuePair<string, string>(k, v)).Array[0, 4];

    private static readonly Gen<(string Name, double Value, MetricUnit Unit, bool High, KeyValuePair<string, string>[]? Dimensions)> Operation =
        Gen.Select(Name, Value, Gen.Enum<MetricUnit>(), Gen.Bool, Gen.Bool.SelectMany(plain => plain ? Gen.Const((KeyValuePair<string, string>[]?)null) : Dimensions.Select(d => (KeyValuePair<string, string>[]?)d)));

    [Fact]
    public void Random_metrics_always_yield_valid_documents_or_counted_drops()
    {
        Operation.Array[1, 80].Sample(
            operations =>
            {
                using var harness = MetricsHarness.Lambda(o => o.DefaultDimensions["k1"] = "default");
                foreach (var op in operations)
                {
                    var resolution = op.High ? MetricResolution.High : MetricResolution.Standard;
                    if (op.Dimensions is null)
                    {
                        harness.Metrics.AddMetric(op.Name, op.Value, op.Unit, resolution);
                    }
                    else
                    {
                        harness.Metrics.AddMetric(op.Name, op.Value, op.Unit, resolution, op.Dimensions);
                    }
                }

                // Read() validates every document against the schema and the semantic rules.
                var documents = harness.FlushAndRead();
                Assert.Equal(operations.Length, EmfStatistics.RecordedCount(documents) + harness.Drops());
            },
            iter: 150);
    }

    [Fact]
    public void Random_dimension_sets_and_metadata_always_yield_valid_documents()
    {
        Gen.Select(Dimensions.Array[0, 3], Gen.Select(Name, Name).Array[0, 4], Gen.Select(Name, Value).Array[1, 30]).Sample(
            input =>
            {
                var (sets, metadata, metrics) = input;
                using var harness = MetricsHarness.Lambda();
                foreach (var set in sets)
                {
                    harness.Metrics.AddDimensionSet(set);
                }

                foreach (var (key, value) in metadata)
                {
                    harness.Metrics.AddMetadata(key, value);
                    harness.Metrics.AddDimension(key, value);
                }

                foreach (var (name, value) in metrics)
                {
                    harness.Metrics.AddMetric(name, value);
                }

                var documents = harness.FlushAndRead();
                Assert.True(EmfStatistics.RecordedCount(documents) <= metrics.Length);
            },
            iter: 150);
    }

    /// <summary>Values anywhere in the double range, CloudWatch's limits and just beyond them, and clusters that share buckets.</summary>
    private static readonly Gen<double> DistributionValue = Gen.OneOf(
        Gen.Double,
        Gen.Double[-1e6, 1e6],
        Gen.Int[-3, 3].Select(i => (double)i),
        Gen.Double[1, 1.2],
        Gen.Int[-360, 360].Select(e => Math.Pow(2, e)),
        Gen.Int[0, 11].Select(i => new[]
        {
            double.NaN, double.PositiveInfinity, double.NegativeInfinity, double.Epsilon, double.MaxValue, -0.0,
            Math.Pow(2, 360), -Math.Pow(2, 360), Math.Pow(2, -360), Math.Pow(2, 361), Math.Pow(2, -361), -Math.Pow(2, -360),
        }[i]));

    [Fact]
    public void Any_sequence_of_histogram_values_yields_valid_documents_exact_statistics_and_bounded_percentiles_or_counted_drops()
    {
        Gen.Select(Gen.Select(DistributionValue, Gen.Int[0, 40]).Array[1, 400], Gen.Int[0, 5]).Sample(
            input =>
            {
                var (operations, maxExact) = input;
                using var meter = new Meter("MatCarv.Tests.Property." + Guid.NewGuid().ToString("N"));
                using var harness = MetricsHarness.Local(o =>
                {
                    o.Meters.Add(meter.Name);
                    o.MaxValuesPerMetric = maxExact;
                });
                var histogram = meter.CreateHistogram<double>("h");
                var tag = new KeyValuePair<string, object?>("route", "/r");
                foreach (var (value, flush) in operations)
                {
                    histogram.Record(value, tag);
                    harness.Metrics.AddMetric("m", value);
                    if (flush == 0)
                    {
                        // Now and then a flush in the middle: several intervals, each with its own exact values or buckets.
                        harness.Metrics.Flush();
                    }
                }

                // Read() validates every document against the schema and the semantic rules (distributions included).
                var documents = harness.FlushAndRead();
                Assert.Equal(2L * operations.Length, EmfStatistics.RecordedCount(documents) + harness.Drops());
                var valid = operations.Select(o => o.Item1).Where(EmfRules.IsValidValue).ToArray();
                if (harness.Drops() != 2L * (operations.Length - valid.Length))
                {
                    // A bucket whose sum CloudWatch cannot take (values near 2^360 repeated) was dropped and counted:
                    // the statistics below no longer cover every value.
                    return;
                }

                foreach (var name in new[] { "h", "m" })
                {
                    var written = EmfStatistics.Of(documents, name);
                    Assert.Equal(valid.Length, written.Count);
                    if (valid.Length == 0)
                    {
                        continue;
                    }

                    Assert.Equal(valid.Min(), written.Min);
                    Assert.Equal(valid.Max(), written.Max);
                    double magnitude = valid.Sum(Math.Abs);
                    Assert.True(Math.Abs(written.Sum - HistogramExactnessTests.CompensatedSum(valid)) <= (1e-12 * magnitude) + Math.Pow(2, -360), $"{name}: sum {written.Sum}");
                    HistogramExactnessTests.AssertEveryRankWithin(valid, EmfStatistics.Points(documents, name), Bound(valid));
                }
            },
            iter: 100);
    }

    /// <summary>
    /// Full resolution (1/33) while the magnitudes of each sign span fewer than 2^60 (the window holds 64 powers of two);
    /// beyond, the coarsest resolution a window can need (every magnitude from 2^-360 to 2^360).
    /// </summary>
    private static double Bound(double[] values)
    {
        foreach (var side in new[] { values.Where(v => v > 0).ToArray(), values.Where(v => v < 0).Select(v => -v).ToArray() })
        {
            if (side.Length > 0 && side.Max() / side.Min() >= Math.Pow(2, 60))
            {
                return LogLinearBuckets.RelativeErrorAt(4);
            }
        }

        return LogLinearBuckets.RelativeError;
    }
}
