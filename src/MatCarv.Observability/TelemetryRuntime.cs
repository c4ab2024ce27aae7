using MatCarv.Observability.Context;
using MatCarv.Observability.Diagnostics;
using MatCarv.Observability.Lambda;
using MatCarv.Observability.Output;
using Microsoft.Extensions.Options;

namespace MatCarv.Observability;

/// <summary>
/// What every signal shares, computed once: environment, service identity, the stdout line pipeline, self-diagnostics and
/// cold-start tracking. One per service provider (no process-wide static state).
/// </summary>
internal sealed class TelemetryRuntime : IDisposable
{
    private int _shuttingDown;

    public TelemetryRuntime(IOptions<MatCarvObservabilityOptions> options)
        : this(options.Value)
    {
    }

    public TelemetryRuntime(MatCarvObservabilityOptions options)
    {
        Options = options;
        Time = options.TimeProvider;
        Environment = new EnvironmentReader(options.EnvironmentVariables);
        Execution = ExecutionEnvironment.Detect(Environment, options.ExecutionEnvironment);
        Identity = new ServiceIdentity(
            options.ServiceName ?? Environment.Get(EnvironmentVariables.ServiceName) ?? ServiceIdentity.UndefinedServiceName,
            options.ServiceNamespace ?? Environment.Get(EnvironmentVariables.MetricsNamespace) ?? Environment.Get(EnvironmentVariables.ServiceNamespace),
            options.Environment ?? Environment.Get(EnvironmentVariables.ServiceEnvironment),
            options.ServiceVersion ?? Environment.Get(EnvironmentVariables.ServiceVersion),
            options.Region ?? Execution.Region);
        LambdaLog = LambdaLogControls.Detect(Environment);
        Diagnostics = new SelfDiagnostics(Time, Identity.Name) { LambdaLevelNames = LambdaLog.UsesLambdaLevels };
        // Standard output is opened as a raw stream (no Console.Out encoder or lock, no autoflush) and stays open for the process.
        var output = options.Output ?? StandardOutput.Open();
        Stdout = new LineWriter(output, options.OutputFlushInterval, options.MaxBufferedOutputBytes, Diagnostics, shutdownTimeout: options.ShutdownFlushTimeout);
        Diagnostics.SetWarningSink(Stdout);
        ColdStart = new ColdStartTracker(Execution.IsProvisionedConcurrency);
    }

    public MatCarvObservabilityOptions Options { get; }

    public TimeProvider Time { get; }

    public EnvironmentReader Environment { get; }

    public ExecutionEnvironment Execution { get; }

    public ServiceIdentity Identity { get; }

    public SelfDiagnostics Diagnostics { get; }

    public LineWriter Stdout { get; }

    public ColdStartTracker ColdStart { get; }

    /// <summary>Lambda's advanced logging controls (log format and level), read once.</summary>
    public LambdaLogControls LambdaLog { get; }

    /// <summary>
    /// True once a graceful shutdown began (<c>MatCarvLambda</c> disposal, host stop): flushes from then on are the last
    /// ones, and signals that cap their normal flush wait (health events) wait for the whole shutdown deadline instead.
    /// </summary>
    public bool ShuttingDown => Volatile.Read(ref _shuttingDown) != 0;

    /// <summary>Marks the start of a graceful shutdown (see <see cref="ShuttingDown"/>).</summary>
    public void BeginShutdown() => Volatile.Write(ref _shuttingDown, 1);

    public void Dispose()
    {
        Stdout.Dispose();
        Diagnostics.Dispose();
    }
}
