using System.ComponentModel;
using MatCarv.Observability.Context;

namespace MatCarv.Observability;

/// <summary>
/// Settings shared by every signal, bound from the root of the <c>MatCarv</c> configuration section when configured from
/// <c>IConfiguration</c>. Each has an environment-variable default; a value set here (or in the section) wins over the environment.
/// </summary>
public sealed class MatCarvObservabilityOptions
{
    /// <summary>The service name; default <c>POWERTOOLS_SERVICE_NAME</c>, else <c>service_undefined</c>.</summary>
    public string? ServiceName { get; set; }

    /// <summary>The service namespace (default metrics namespace); default <c>POWERTOOLS_METRICS_NAMESPACE</c> or <c>MATCARV_SERVICE_NAMESPACE</c>.</summary>
    public string? ServiceNamespace { get; set; }

    /// <summary>The deployment environment; default <c>MATCARV_ENVIRONMENT</c>.</summary>
    public string? Environment { get; set; }

    /// <summary>The service version; default <c>MATCARV_SERVICE_VERSION</c>.</summary>
    public string? ServiceVersion { get; set; }

    /// <summary>The AWS region; default <c>AWS_REGION</c>, then <c>AWS_DEFAULT_REGION</c>.</summary>
    public string? Region { get; set; }

    /// <summary>Forces the execution environment instead of detecting it (for example <see cref="ExecutionEnvironmentKind.Ec2"/>).</summary>
    public ExecutionEnvironmentKind? ExecutionEnvironment { get; set; }

    /// <summary>
    /// Environment variables to read instead of the process environment (tests, local runs). Null reads the process environment.
    /// </summary>
    public IReadOnlyDictionary<string, string?>? EnvironmentVariables { get; set; }

    /// <summary>Where log lines and EMF documents go; standard output when null.</summary>
    public Stream? Output { get; set; }

    /// <summary>
    /// How often buffered output lines (logs, EMF documents written to stdout) are written in long-running services.
    /// Default 1 second. Not the metrics interval: that is <see cref="Metrics.MatCarvMetricsOptions.ExportInterval"/>.
    /// </summary>
    public TimeSpan OutputFlushInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The former name of <see cref="OutputFlushInterval"/> (0.1.0).</summary>
    [Obsolete("Use OutputFlushInterval (MatCarv:OutputFlushInterval in configuration); the metrics interval is MatCarvMetricsOptions.ExportInterval.")]
    [EditorBrowsable(EditorBrowsableState.Never)]
    public TimeSpan FlushInterval
    {
        get => OutputFlushInterval;
        set => OutputFlushInterval = value;
    }

    /// <summary>The most output bytes held in memory before lines are dropped and counted. Default 16 MiB.</summary>
    public int MaxBufferedOutputBytes { get; set; } = 16 * 1024 * 1024;

    /// <summary>The longest a graceful shutdown waits for telemetry to flush. Default 5 seconds.</summary>
    public TimeSpan ShutdownFlushTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Lambda: how long before the invocation deadline the end-of-invocation flush must finish. Default 100 ms.</summary>
    public TimeSpan LambdaFlushMargin { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Lambda: the longest an end-of-invocation flush may take when the remaining time is unknown. Default 2 seconds.</summary>
    public TimeSpan LambdaFlushTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>The clock every signal uses (a <c>FakeTimeProvider</c> in tests).</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;
}
