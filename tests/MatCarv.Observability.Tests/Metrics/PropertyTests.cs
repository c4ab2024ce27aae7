using CsCheck;
using MatCarv.Observability.Metrics;

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
                long written = documents.Sum(d => EmfValidator.MetricNames(d).Sum(n => EmfValidator.ValuesOf(d, n).Length));
                Assert.Equal(operations.Length, written + harness.Drops());
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
                long written = documents.Sum(d => EmfValidator.MetricNames(d).Sum(n => EmfValidator.ValuesOf(d, n).Length));
                Assert.True(written <= metrics.Length);
            },
            iter: 150);
    }
}
