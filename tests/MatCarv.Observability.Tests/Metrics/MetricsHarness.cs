using System.Text;
using System.Text.Json;
using MatCarv.Observability.Lambda;
using MatCarv.Observability.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace MatCarv.Observability.Tests.Metrics;

/// <summary>
/// A real telemetry runtime (MatCarvLambda) writing to a capture stream; EMF lines are read back after a real flush,
/// each validated by <see cref="EmfValidator"/>. Environment variables come from a dictionary, the clock is fake.
/// </summary>
internal sealed class MetricsHarness : IDisposable
{
    private readonly CaptureStream _output = new();

    public MetricsHarness(Dictionary<string, string?> environment, Action<MatCarvMetricsOptions>? configure = null, Action<MatCarvObservabilityOptions>? shared = null)
    {
        Time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 26, 12, 0, 0, TimeSpan.Zero));
        Telemetry = MatCarvLambda.Create(
            options =>
            {
                options.Output = _output;
                options.EnvironmentVariables = environment;
                options.OutputFlushInterval = TimeSpan.FromHours(1);
                options.TimeProvider = Time;
                shared?.Invoke(options);
            },
            builder => builder.WithMetrics(configure));
        Metrics = Telemetry.Services.GetRequiredService<IMetrics>();
        Runtime = Telemetry.Services.GetRequiredService<TelemetryRuntime>();
    }

    public FakeTimeProvider Time { get; }

    public MatCarvLambda Telemetry { get; }

    public IMetrics Metrics { get; }

    public TelemetryRuntime Runtime { get; }

    public bool RequireLogGroup { get; init; }

    public static Dictionary<string, string?> LambdaEnvironment(params (string Key, string? Value)[] extra) => With(
        new Dictionary<string, string?>
        {
            ["POWERTOOLS_SERVICE_NAME"] = "harness-svc",
            ["POWERTOOLS_METRICS_NAMESPACE"] = "HarnessApp",
            ["AWS_LAMBDA_FUNCTION_NAME"] = "harness-fn",
            ["AWS_LAMBDA_FUNCTION_MEMORY_SIZE"] = "256",
            ["AWS_REGION"] = "us-east-1",
            ["POWERTOOLS_TRACE_DISABLED"] = "true",
        },
        extra);

    public static Dictionary<string, string?> LocalEnvironment(params (string Key, string? Value)[] extra) => With(
        new Dictionary<string, string?>
        {
            ["POWERTOOLS_SERVICE_NAME"] = "harness-svc",
            ["POWERTOOLS_METRICS_NAMESPACE"] = "HarnessApp",
            ["POWERTOOLS_TRACE_DISABLED"] = "true",
        },
        extra);

    public static MetricsHarness Lambda(Action<MatCarvMetricsOptions>? configure = null, params (string Key, string? Value)[] env) => new(LambdaEnvironment(env), configure);

    public static MetricsHarness Local(Action<MatCarvMetricsOptions>? configure = null, params (string Key, string? Value)[] env) => new(LocalEnvironment(env), configure);

    public static LambdaInvocation Invocation(string requestId = "c6af9ac6-7b61-11e6-9a41-93e812345678") =>
        new(requestId, "arn:aws:lambda:us-east-1:123456789012:function:harness-fn") { RemainingTime = TimeSpan.FromSeconds(30) };

    /// <summary>Flushes metrics and stdout, then returns every EMF document written so far (each validated).</summary>
    public List<JsonElement> FlushAndRead()
    {
        Metrics.Flush();
        return Read();
    }

    /// <summary>Every EMF document written so far (each validated); other lines (logs, SDK warnings) are skipped.</summary>
    public List<JsonElement> Read()
    {
        Runtime.Stdout.Flush();
        var documents = new List<JsonElement>();
        foreach (var line in _output.Lines())
        {
            if (!line.Contains("\"_aws\"", StringComparison.Ordinal))
            {
                continue;
            }

            documents.Add(EmfValidator.AssertValid(line, RequireLogGroup));
        }

        return documents;
    }

    /// <summary>Every line written so far (EMF, SDK warnings, logs).</summary>
    public List<string> Lines()
    {
        Runtime.Stdout.Flush();
        return _output.Lines();
    }

    /// <summary>Every metric drop counted so far, all reasons.</summary>
    public long Drops() => Telemetry.GetDiagnostics().GetDropCount("metrics");

    public long Drops(string reason) => Telemetry.GetDiagnostics().GetDropCount("metrics", reason);

    /// <summary>Sum of every value of a metric across documents (data points or distributions).</summary>
    public static double Sum(IEnumerable<JsonElement> documents, string name) => EmfStatistics.Of(documents, name).Sum;

    /// <summary>How many values of a metric the documents stand for (data points or distribution counts).</summary>
    public static int Count(IEnumerable<JsonElement> documents, string name) => checked((int)EmfStatistics.Of(documents, name).Count);

    public void Dispose() => Telemetry.Dispose();

    private static Dictionary<string, string?> With(Dictionary<string, string?> env, (string Key, string? Value)[] extra)
    {
        foreach (var (key, value) in extra)
        {
            env[key] = value;
        }

        return env;
    }
}
