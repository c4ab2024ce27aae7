using System.Text.Json;
using System.Text.RegularExpressions;
using MatCarv.HealthEvents.Tests.Infrastructure;
using MatCarv.Observability.Tests.Metrics;

namespace MatCarv.EndToEnd.Tests.Infrastructure;

/// <summary>
/// Everything a sample wrote to stdout, as CloudWatch Logs would receive it: every line must be one JSON object, and each
/// is a Powertools-schema log line, an EMF document or (with no AWS configured) a health event.
/// </summary>
internal sealed partial class EmittedOutput
{
    private EmittedOutput()
    {
    }

    public List<JsonElement> Logs { get; } = [];

    public List<JsonElement> Emf { get; } = [];

    public List<JsonElement> HealthEvents { get; } = [];

    public static EmittedOutput Parse(string stdout)
    {
        var output = new EmittedOutput();
        foreach (var line in stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            JsonElement root;
            try
            {
                root = JsonDocument.Parse(line).RootElement.Clone();
            }
            catch (JsonException ex)
            {
                throw new Xunit.Sdk.XunitException($"stdout line is not JSON ({ex.Message}): {line}");
            }

            Assert.Equal(JsonValueKind.Object, root.ValueKind);
            if (root.TryGetProperty("_aws", out _))
            {
                EmfValidator.AssertValid(line);
                output.Emf.Add(root);
            }
            else if (root.TryGetProperty("detail-type", out _))
            {
                Assert.Equal("0", root.GetProperty("version").GetString());
                HealthEventSchema.AssertValid(root.GetProperty("detail"));
                output.HealthEvents.Add(root);
            }
            else
            {
                AssertLogLine(root);
                output.Logs.Add(root);
            }
        }

        return output;
    }

    /// <summary>The Powertools log schema: standard keys with the JSON types the reference output has.</summary>
    private static void AssertLogLine(JsonElement line)
    {
        // Powertools .NET names by default; Lambda's names under its advanced logging controls (AWS_LAMBDA_LOG_FORMAT=JSON).
        Assert.Contains(line.GetProperty("level").GetString(), (string[])["Trace", "Debug", "Information", "Warning", "Error", "Critical", "TRACE", "DEBUG", "INFO", "WARN", "ERROR", "FATAL"]);
        Assert.Equal(JsonValueKind.String, line.GetProperty("message").ValueKind);
        var timestamp = line.GetProperty("timestamp").GetString()!;
        Assert.EndsWith("Z", timestamp, StringComparison.Ordinal);
        Assert.True(DateTimeOffset.TryParse(timestamp, System.Globalization.CultureInfo.InvariantCulture, out _), timestamp);
        Assert.Equal(JsonValueKind.String, line.GetProperty("service").ValueKind);
        if (line.TryGetProperty("cold_start", out var cold))
        {
            Assert.True(cold.ValueKind is JsonValueKind.True or JsonValueKind.False);
        }

        if (line.TryGetProperty("function_memory_size", out var memory))
        {
            Assert.Equal(JsonValueKind.Number, memory.ValueKind);
        }

        if (line.TryGetProperty("xray_trace_id", out var trace))
        {
            Assert.Matches(XRayTraceId(), trace.GetString()!);
        }
    }

    [GeneratedRegex("^1-[0-9a-f]{8}-[0-9a-f]{24}$")]
    public static partial Regex XRayTraceId();
}
