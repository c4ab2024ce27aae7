using System.Globalization;
using System.Text.Json;
using MatCarv.Observability.Lambda;
using MatCarv.Observability.Metrics;
using Microsoft.Extensions.DependencyInjection;

namespace MatCarv.Fuzz.Targets;

/// <summary>
/// Metric names, units, values, dimensions and metadata (fields: name, unit, value, then key/value pairs alternating
/// dimension and metadata) through the public metrics API into EMF on stdout: every document is one JSON object whose
/// metric names are 1–255 characters and whose values are finite; whatever is not written is counted as dropped.
/// </summary>
public sealed class EmfTarget : IFuzzTarget
{
    private static readonly MetricUnit[] Units = Enum.GetValues<MetricUnit>();

    private readonly OutputLines _output = new();
    private readonly Lazy<MatCarvLambda> _sdk;

    public EmfTarget() =>
        _sdk = new(() => MatCarvLambda.Create(
            o =>
            {
                o.EnvironmentVariables = new Dictionary<string, string?> { ["POWERTOOLS_SERVICE_NAME"] = "fuzz", ["AWS_LAMBDA_FUNCTION_NAME"] = "fuzz-fn" };
                o.Output = _output.Stream;
            },
            b => b.WithMetrics(m => m.Namespace = "Fuzz")));

    public string Name => "emf";

    public void Run(ReadOnlySpan<byte> data)
    {
        var fields = FuzzInput.Fields(data);
        var lambda = _sdk.Value;
        var metrics = lambda.Metrics;
        var name = FuzzInput.Field(fields, 0) ?? string.Empty;
        var unitText = FuzzInput.Field(fields, 1) ?? string.Empty;
        var unit = Units[(unitText.Length == 0 ? 0 : unitText[0]) % Units.Length];
        var value = double.TryParse(FuzzInput.Field(fields, 2), NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : fields.Length;
        for (int i = 3; i + 1 < fields.Length; i += 2)
        {
            if (i % 4 == 3)
            {
                metrics.AddDimension(fields[i], fields[i + 1]);
            }
            else
            {
                metrics.AddMetadata(fields[i], fields[i + 1]);
            }
        }

        metrics.AddMetric(name, value, unit, (fields.Length & 1) == 0 ? MetricResolution.Standard : MetricResolution.High);
        metrics.Flush();
        lambda.FlushAsync(TimeSpan.FromSeconds(5)).AsTask().GetAwaiter().GetResult();
        foreach (var line in _output.TakeChecked())
        {
            if (!line.TryGetProperty("_aws", out var aws))
            {
                continue;
            }

            foreach (var directive in aws.GetProperty("CloudWatchMetrics").EnumerateArray())
            {
                foreach (var metric in directive.GetProperty("Metrics").EnumerateArray())
                {
                    var metricName = metric.GetProperty("Name").GetString()!;
                    FuzzFindingException.Check(metricName.Length is >= 1 and <= 255, "metric name of length " + metricName.Length);
                    FuzzFindingException.Check(line.TryGetProperty(metricName, out var written), "no value for metric " + metricName);
                    CheckFinite(written);
                }
            }
        }
    }

    private static void CheckFinite(JsonElement value)
    {
        if (value.ValueKind == JsonValueKind.Number)
        {
            FuzzFindingException.Check(double.IsFinite(value.GetDouble()), "a value that is not finite");
        }
        else if (value.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in value.EnumerateArray())
            {
                CheckFinite(item);
            }
        }
        else if (value.ValueKind == JsonValueKind.Object && value.TryGetProperty("Values", out var values))
        {
            CheckFinite(values);
        }
    }
}
