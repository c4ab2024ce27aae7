using System.Text;
using System.Text.Json;
using MatCarv.Observability.Lambda;
using MatCarv.Observability.Logging;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace MatCarv.Observability.Tests.Logging;

/// <summary>
/// A real telemetry runtime whose output goes to a MemoryStream; lines are read back after a real flush and parsed.
/// Environment variables come from a dictionary, never from the process.
/// </summary>
internal sealed class LogHarness : IDisposable
{
    public const string Category = "MatCarv.Tests.Logging";

    private readonly MemoryStream _output = new();

    private LogHarness(Dictionary<string, string?> environment, Action<MatCarvLoggerOptions>? configure)
    {
        Environment = environment;
        Telemetry = MatCarvLambda.Create(
            options =>
            {
                options.Output = _output;
                options.EnvironmentVariables = environment;
                options.OutputFlushInterval = TimeSpan.FromHours(1);
            },
            builder => builder.WithLogging(configure));
        Logger = Telemetry.LoggerFactory.CreateLogger(Category);
    }

    public Dictionary<string, string?> Environment { get; }

    public MatCarvLambda Telemetry { get; }

    public ILogger Logger { get; }

    public static Dictionary<string, string?> LambdaEnvironment(params (string Key, string? Value)[] extra)
    {
        var env = new Dictionary<string, string?>
        {
            ["POWERTOOLS_SERVICE_NAME"] = "harness-svc",
            ["AWS_LAMBDA_FUNCTION_NAME"] = "harness-fn",
            ["AWS_LAMBDA_FUNCTION_MEMORY_SIZE"] = "256",
            ["AWS_LAMBDA_FUNCTION_VERSION"] = "$LATEST",
            ["AWS_REGION"] = "us-east-1",
            ["POWERTOOLS_TRACE_DISABLED"] = "true",
            ["POWERTOOLS_METRICS_DISABLED"] = "true",
        };
        foreach (var (key, value) in extra)
        {
            env[key] = value;
        }

        return env;
    }

    public static Dictionary<string, string?> LocalEnvironment(params (string Key, string? Value)[] extra)
    {
        var env = new Dictionary<string, string?> { ["POWERTOOLS_SERVICE_NAME"] = "local-svc", ["POWERTOOLS_TRACE_DISABLED"] = "true", ["POWERTOOLS_METRICS_DISABLED"] = "true" };
        foreach (var (key, value) in extra)
        {
            env[key] = value;
        }

        return env;
    }

    public static LogHarness Lambda(Action<MatCarvLoggerOptions>? configure = null, params (string Key, string? Value)[] env) =>
        new(LambdaEnvironment(env), configure);

    public static LogHarness Local(Action<MatCarvLoggerOptions>? configure = null, params (string Key, string? Value)[] env) =>
        new(LocalEnvironment(env), configure);

    public static LambdaInvocation Invocation(string requestId = "c6af9ac6-7b61-11e6-9a41-93e812345678") =>
        new(requestId, "arn:aws:lambda:us-east-1:123456789012:function:harness-fn")
        {
            TraceHeader = "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1",
            RemainingTime = TimeSpan.FromSeconds(30),
        };

    /// <summary>Every raw line written so far (after flushing stdout).</summary>
    public List<string> RawLines()
    {
        Telemetry.FlushAsync(TimeSpan.FromSeconds(5)).AsTask().GetAwaiter().GetResult();
        var text = Encoding.UTF8.GetString(_output.ToArray());
        return text.Split('\n', StringSplitOptions.RemoveEmptyEntries).ToList();
    }

    /// <summary>Every line written since the last call (after flushing stdout) as raw bytes; the output is emptied.</summary>
    public List<byte[]> TakeLineBytes()
    {
        Telemetry.FlushAsync(TimeSpan.FromSeconds(5)).AsTask().GetAwaiter().GetResult();
        var bytes = _output.ToArray();
        _output.SetLength(0);
        var lines = new List<byte[]>();
        int start = 0;
        for (int i = 0; i < bytes.Length; i++)
        {
            if (bytes[i] == (byte)'\n')
            {
                if (i > start)
                {
                    lines.Add(bytes[start..i]);
                }

                start = i + 1;
            }
        }

        Assert.Equal(bytes.Length, start); // every line ends with its newline
        return lines;
    }

    /// <summary>The one raw line written by the harness logger.</summary>
    public string RawLine() => Assert.Single(RawLines(), l => l.Contains(Category, StringComparison.Ordinal));

    /// <summary>Every line, parsed; a line that is not one valid JSON object fails the test.</summary>
    public List<JsonElement> AllLines() => RawLines().Select(Parse).ToList();

    /// <summary>The lines written by loggers of <paramref name="category"/> (default: the harness logger).</summary>
    public List<JsonElement> Lines(string category = Category) =>
        AllLines().Where(l => l.TryGetProperty("name", out var n) && n.GetString() == category).ToList();

    public static JsonElement Parse(string line)
    {
        using var document = JsonDocument.Parse(line);
        Assert.Equal(JsonValueKind.Object, document.RootElement.ValueKind);
        return document.RootElement.Clone();
    }

    public static List<string> Keys(JsonElement line) => line.EnumerateObject().Select(p => p.Name).ToList();

    public void Dispose() => Telemetry.Dispose();
}
