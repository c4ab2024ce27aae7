using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;

namespace MatCarv.Observability.Tests.Metrics;

/// <summary>
/// Validates an EMF document against the official schema (tests/specs/emf-schema.json) AND the semantic rules the schema
/// cannot express (research emf-xray.md §A): ≤100 metrics per directive, every metric a root number, an array of 1–100
/// numbers or a distribution (<see cref="ValidateDistribution"/>), every number one CloudWatch accepts (finite, zero or a
/// magnitude in [2^-360, 2^360]), every dimension key a root string of 1–1024 characters, ≤30 keys per set,
/// StorageResolution 1 or 60, one resolution per metric name, no root member that is both a metric and a dimension.
/// </summary>
internal static class EmfValidator
{
    private static readonly Lazy<JsonSchema> Schema = new(LoadSchema);

    /// <summary>Throws with every violation when <paramref name="line"/> is not a valid EMF document.</summary>
    public static JsonElement AssertValid(string line, bool requireLogGroup = false)
    {
        var errors = Validate(line, requireLogGroup, out var root);
        if (errors.Count > 0)
        {
            throw new Xunit.Sdk.XunitException("Invalid EMF document:\n  " + string.Join("\n  ", errors) + "\n" + line);
        }

        return root;
    }

    public static List<string> Validate(string line, bool requireLogGroup, out JsonElement root)
    {
        var errors = new List<string>();
        root = default;
        if (line.Contains('\n', StringComparison.Ordinal))
        {
            errors.Add("document contains a newline");
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(line);
        }
        catch (JsonException ex)
        {
            errors.Add("not JSON: " + ex.Message);
            return errors;
        }

        root = document.RootElement.Clone();
        var result = Schema.Value.Evaluate(root, new EvaluationOptions { OutputFormat = OutputFormat.List });
        if (!result.IsValid)
        {
            foreach (var detail in result.Details ?? [])
            {
                if (detail.Errors is { Count: > 0 })
                {
                    foreach (var error in detail.Errors)
                    {
                        errors.Add($"schema {detail.InstanceLocation}: {error.Value}");
                    }
                }
            }

            if (errors.Count == 0)
            {
                errors.Add("schema: invalid");
            }
        }

        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("_aws", out var aws) || aws.ValueKind != JsonValueKind.Object)
        {
            errors.Add("no _aws object");
            return errors;
        }

        if (!aws.TryGetProperty("Timestamp", out var timestamp) || !timestamp.TryGetInt64(out long ms) || ms < 1_000_000_000_000L || ms > 10_000_000_000_000L)
        {
            errors.Add("Timestamp is not epoch milliseconds");
        }

        if (requireLogGroup && (!aws.TryGetProperty("LogGroupName", out var logGroup) || logGroup.ValueKind != JsonValueKind.String || logGroup.GetString()!.Length == 0))
        {
            errors.Add("_aws.LogGroupName missing (required by the agent)");
        }

        if (!aws.TryGetProperty("CloudWatchMetrics", out var directives) || directives.ValueKind != JsonValueKind.Array)
        {
            errors.Add("no CloudWatchMetrics array");
            return errors;
        }

        var resolutions = new Dictionary<string, int>(StringComparer.Ordinal);
        var dimensionKeys = new HashSet<string>(StringComparer.Ordinal);
        var metricNames = new HashSet<string>(StringComparer.Ordinal);
        foreach (var directive in directives.EnumerateArray())
        {
            if (directive.TryGetProperty("Dimensions", out var sets) && sets.ValueKind == JsonValueKind.Array)
            {
                foreach (var set in sets.EnumerateArray())
                {
                    if (set.GetArrayLength() > 30)
                    {
                        errors.Add($"dimension set with {set.GetArrayLength()} keys (max 30)");
                    }

                    foreach (var key in set.EnumerateArray())
                    {
                        string name = key.GetString() ?? string.Empty;
                        dimensionKeys.Add(name);
                        if (!root.TryGetProperty(name, out var value) || value.ValueKind != JsonValueKind.String)
                        {
                            errors.Add($"dimension '{name}' is not a root string");
                        }
                        else if (value.GetString()!.Length is 0 or > 1024 || string.IsNullOrWhiteSpace(value.GetString()))
                        {
                            errors.Add($"dimension '{name}' value length {value.GetString()!.Length} (must be 1-1024, not blank)");
                        }
                    }
                }
            }

            if (!directive.TryGetProperty("Metrics", out var metrics) || metrics.ValueKind != JsonValueKind.Array)
            {
                continue;
            }

            if (metrics.GetArrayLength() > 100)
            {
                errors.Add($"{metrics.GetArrayLength()} metrics in a directive (max 100)");
            }

            foreach (var metric in metrics.EnumerateArray())
            {
                string name = metric.TryGetProperty("Name", out var n) ? n.GetString() ?? string.Empty : string.Empty;
                if (name.Length is 0 or > 255)
                {
                    errors.Add($"metric name length {name.Length} (CloudWatch: 1-255)");
                }

                int resolution = metric.TryGetProperty("StorageResolution", out var r) && r.TryGetInt32(out int rv) ? rv : 60;
                if (resolution is not (1 or 60))
                {
                    errors.Add($"metric '{name}' StorageResolution {resolution} (must be 1 or 60)");
                }

                if (resolutions.TryGetValue(name, out int seen) && seen != resolution)
                {
                    errors.Add($"metric '{name}' has two resolutions in one document");
                }

                resolutions[name] = resolution;
                metricNames.Add(name);
                if (!root.TryGetProperty(name, out var target))
                {
                    errors.Add($"metric '{name}' has no root value");
                }
                else if (target.ValueKind == JsonValueKind.Object)
                {
                    ValidateDistribution(name, target, errors);
                }
                else if (target.ValueKind == JsonValueKind.Array)
                {
                    int count = target.GetArrayLength();
                    if (count is 0 or > 100)
                    {
                        errors.Add($"metric '{name}' has {count} values (must be 1-100)");
                    }

                    foreach (var item in target.EnumerateArray())
                    {
                        if (!IsCloudWatchValue(item))
                        {
                            errors.Add($"metric '{name}' has a value CloudWatch rejects: {item.GetRawText()}");
                        }
                    }
                }
                else if (!IsCloudWatchValue(target))
                {
                    errors.Add($"metric '{name}' value is not a number CloudWatch accepts: {target.GetRawText()}");
                }
            }
        }

        foreach (var name in metricNames)
        {
            if (dimensionKeys.Contains(name))
            {
                errors.Add($"'{name}' is both a metric and a dimension");
            }
        }

        return errors;
    }

    /// <summary>
    /// A distribution as CloudWatch's clients write it (the collector's awsemf exporter, the CloudWatch agent,
    /// aws-embedded-metrics-java's Histogram): exactly <c>Values</c>, <c>Counts</c>, <c>Max</c>, <c>Min</c>, <c>Count</c>,
    /// <c>Sum</c>. Values and Counts the same length, 1–100 items; values CloudWatch accepts; counts positive integers;
    /// Count = ΣCounts; Min ≤ every value ≤ Max; and a statistic set that some set of values really has (what
    /// aws-embedded-metrics-java checks before writing one): Count 1 means Min = Max = Sum, otherwise
    /// Max + Min·(Count−1) ≤ Sum ≤ Min + Max·(Count−1).
    /// </summary>
    private static void ValidateDistribution(string name, JsonElement target, List<string> errors)
    {
        string[] members = ["Values", "Counts", "Max", "Min", "Count", "Sum"];
        var present = target.EnumerateObject().Select(p => p.Name).ToList();
        if (!present.Order(StringComparer.Ordinal).SequenceEqual(members.Order(StringComparer.Ordinal)))
        {
            errors.Add($"distribution '{name}' has members [{string.Join(",", present)}] (must be exactly {string.Join(",", members)})");
            return;
        }

        var values = target.GetProperty("Values");
        var counts = target.GetProperty("Counts");
        if (values.ValueKind != JsonValueKind.Array || counts.ValueKind != JsonValueKind.Array)
        {
            errors.Add($"distribution '{name}' Values/Counts are not arrays");
            return;
        }

        int length = values.GetArrayLength();
        if (length is 0 or > 100 || counts.GetArrayLength() != length)
        {
            errors.Add($"distribution '{name}' has {length} values and {counts.GetArrayLength()} counts (must be the same, 1-100)");
            return;
        }

        foreach (var member in new[] { "Max", "Min", "Sum" })
        {
            if (!IsCloudWatchValue(target.GetProperty(member)))
            {
                errors.Add($"distribution '{name}' {member} is not a number CloudWatch accepts: {target.GetProperty(member).GetRawText()}");
                return;
            }
        }

        double min = target.GetProperty("Min").GetDouble();
        double max = target.GetProperty("Max").GetDouble();
        double sum = target.GetProperty("Sum").GetDouble();
        long total = 0;
        for (int i = 0; i < length; i++)
        {
            var value = values[i];
            var count = counts[i];
            if (!IsCloudWatchValue(value))
            {
                errors.Add($"distribution '{name}' value {value.GetRawText()} is not a number CloudWatch accepts");
            }
            else if (value.GetDouble() < min || value.GetDouble() > max)
            {
                errors.Add($"distribution '{name}' value {value.GetRawText()} outside [Min {min}, Max {max}]");
            }

            if (count.ValueKind != JsonValueKind.Number || !count.TryGetInt64(out long n) || n <= 0)
            {
                errors.Add($"distribution '{name}' count {count.GetRawText()} is not a positive integer");
            }
            else
            {
                total += n;
            }
        }

        if (!target.GetProperty("Count").TryGetInt64(out long declared) || declared != total)
        {
            errors.Add($"distribution '{name}' Count {target.GetProperty("Count").GetRawText()} is not the sum of Counts ({total})");
        }

        if (min > max)
        {
            errors.Add($"distribution '{name}' Min {min} > Max {max}");
        }
        else if (total == 1 && (min != max || sum != min))
        {
            errors.Add($"distribution '{name}' of one value has Min {min}, Max {max}, Sum {sum}");
        }
        else if (total > 1)
        {
            // Rounding: sums are accumulated in binary floating point.
            double tolerance = 1e-9 * (Math.Abs(min) + Math.Abs(max)) * total;
            double lowest = max + (min * (total - 1));
            double highest = min + (max * (total - 1));
            if (sum < lowest - tolerance || sum > highest + tolerance)
            {
                errors.Add($"distribution '{name}' is an impossible statistic set: Sum {sum} outside [{lowest}, {highest}] for Count {total}, Min {min}, Max {max}");
            }
        }
    }

    /// <summary>A JSON number CloudWatch accepts as a metric value: finite, zero or a magnitude in [2^-360, 2^360].</summary>
    private static bool IsCloudWatchValue(JsonElement element)
    {
        if (element.ValueKind != JsonValueKind.Number || !element.TryGetDouble(out double value) || !double.IsFinite(value))
        {
            return false;
        }

        double magnitude = Math.Abs(value);
        return value == 0 || (magnitude >= Math.Pow(2, -360) && magnitude <= Math.Pow(2, 360));
    }

    private static JsonSchema LoadSchema()
    {
        // The published schema is draft-07 style and names every subschema with a fragment-only "$id"
        // ("#/properties/_aws"), which 2020-12 evaluators reject. The ids are labels nothing refers to: removing them
        // leaves every constraint of the official file in place.
        var node = JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "specs", "emf-schema.json")))!;
        RemoveIds(node);
        using var document = JsonDocument.Parse(node.ToJsonString());
        return JsonSchema.Build(document.RootElement.Clone());
    }

    private static void RemoveIds(JsonNode? node)
    {
        if (node is JsonObject obj)
        {
            obj.Remove("$id");
            foreach (var pair in obj.ToList())
            {
                RemoveIds(pair.Value);
            }
        }
        else if (node is JsonArray array)
        {
            foreach (var item in array)
            {
                RemoveIds(item);
            }
        }
    }

    /// <summary>
    /// The values of a metric in a document (a scalar is one value). A distribution has no individual values: use
    /// <see cref="EmfStatistics"/> for it.
    /// </summary>
    public static double[] ValuesOf(JsonElement document, string name)
    {
        if (!document.TryGetProperty(name, out var target))
        {
            return [];
        }

        if (target.ValueKind == JsonValueKind.Object)
        {
            throw new InvalidOperationException($"'{name}' is a distribution (Values/Counts): read it with EmfStatistics.");
        }

        return target.ValueKind == JsonValueKind.Array ? [.. target.EnumerateArray().Select(v => v.GetDouble())] : [target.GetDouble()];
    }

    /// <summary>The metric names declared in a document.</summary>
    public static List<string> MetricNames(JsonElement document) =>
        [.. document.GetProperty("_aws").GetProperty("CloudWatchMetrics").EnumerateArray()
            .SelectMany(d => d.GetProperty("Metrics").EnumerateArray())
            .Select(m => m.GetProperty("Name").GetString()!)];

    /// <summary>The dimension sets of the first directive.</summary>
    public static List<List<string>> DimensionSets(JsonElement document) =>
        [.. document.GetProperty("_aws").GetProperty("CloudWatchMetrics")[0].GetProperty("Dimensions").EnumerateArray()
            .Select(set => set.EnumerateArray().Select(k => k.GetString()!).ToList())];
}
