using MatCarv.Observability.Context;
using MatCarv.Observability.Hosting;
using MatCarv.Observability.Metrics;
using MatCarv.Observability.Tracing;
using MatCarv.Observability.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace MatCarv.Observability.Lambda;

/// <summary>
/// MatCarv observability for a Lambda function, without a generic host. Create one in a static field (start-up), then
/// wrap each invocation in <see cref="BeginInvocation"/> or <see cref="RunAsync{T}"/>: it sets the invocation facts,
/// cold start and trace header, and flushes every signal before the handler returns.
/// </summary>
/// <remarks>
/// No service container is built: the signals are composed directly, because a function pays its init on every cold start
/// (benchmarks/ColdStart). <see cref="MatCarvObservabilityBuilder.Services"/> is null in <c>Create</c>.
/// </remarks>
public sealed class MatCarvLambda : IDisposable, IAsyncDisposable
{
    private readonly LambdaComposition _composition;
    private readonly MatCarvTelemetry _telemetry;
    private int _disposed;

    private MatCarvLambda(LambdaComposition composition)
    {
        _composition = composition;
        _telemetry = composition.Telemetry;
        LoggerFactory = composition.LoggerFactory;
        Metrics = composition.Metrics;
        Tracer = composition.Tracer;
    }

    /// <summary>
    /// The telemetry's services: <c>ILoggerFactory</c>, <c>IMetrics</c>, <c>MatCarvTracer</c>, <c>MatCarvTelemetry</c>, and what
    /// the added signals expose (<c>IHealthEventPublisher</c>…). Not a container: generic services such as
    /// <c>ILogger&lt;T&gt;</c> or <c>IOptions&lt;T&gt;</c> are not in it (use <see cref="CreateLogger{T}"/>).
    /// </summary>
    public IServiceProvider Services => _composition;

    /// <summary>The logger factory writing Powertools-schema JSON.</summary>
    public ILoggerFactory LoggerFactory { get; }

    /// <summary>The Powertools-style metrics API (EMF), flushed at the end of every invocation.</summary>
    public IMetrics Metrics { get; }

    /// <summary>The tracer: <c>using var span = Tracer.StartSpan("name")</c> becomes an X-Ray subsegment of the invocation.</summary>
    public MatCarvTracer Tracer { get; }

    /// <summary>The execution environment detected at start-up.</summary>
    public ExecutionEnvironment Environment => _telemetry.Environment;

    /// <summary>The service identity computed at start-up.</summary>
    public ServiceIdentity Identity => _telemetry.Identity;

    /// <summary>Creates the telemetry for a function. Configuration errors throw here, at start-up, naming the setting.</summary>
    /// <param name="configure">Shared settings.</param>
    /// <param name="signals">Per-signal configuration (<c>WithLogging</c>, <c>WithMetrics</c>, <c>WithTracing</c>, <c>WithHealthEvents</c>…).</param>
    /// <returns>The function's telemetry.</returns>
    public static MatCarvLambda Create(Action<MatCarvObservabilityOptions>? configure = null, Action<MatCarvObservabilityBuilder>? signals = null) =>
        new(LambdaComposition.Create(configuration: null, configure, signals));

    /// <summary>
    /// Creates the telemetry for a function configured from the <c>MatCarv</c> section of <paramref name="configuration"/>
    /// (for example <c>new ConfigurationBuilder().AddJsonFile("appsettings.json", optional: true).AddEnvironmentVariables().Build()</c>),
    /// with the same keys and precedence as <c>AddMatCarvObservability(IConfiguration)</c>: code, then the section, then the
    /// <c>POWERTOOLS_*</c>/<c>AWS_*</c> environment variables. Configuration errors throw here, at start-up, naming the key.
    /// </summary>
    /// <param name="configuration">The function's configuration (its <c>MatCarv</c> section is read).</param>
    /// <param name="configure">Shared settings set in code (they win over configuration).</param>
    /// <param name="signals">Per-signal configuration (<c>WithLogging</c>, <c>WithMetrics</c>, <c>WithTracing</c>, <c>WithHealthEvents</c>…).</param>
    /// <returns>The function's telemetry.</returns>
    public static MatCarvLambda Create(IConfiguration configuration, Action<MatCarvObservabilityOptions>? configure = null, Action<MatCarvObservabilityBuilder>? signals = null)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return new(LambdaComposition.Create(configuration, configure, signals));
    }

    /// <summary>Creates a logger for the category named after <typeparamref name="T"/>.</summary>
    /// <typeparam name="T">The category type.</typeparam>
    /// <returns>The logger.</returns>
    public ILogger<T> CreateLogger<T>() => new Logger<T>(LoggerFactory);

    /// <summary>
    /// Starts an invocation: sets <see cref="InvocationContext.Current"/> on this async flow. Dispose the scope (with
    /// <c>await using</c>) before the handler returns; disposing flushes every signal within the invocation's deadline.
    /// </summary>
    /// <param name="invocation">The invocation facts (map them from <c>ILambdaContext</c>).</param>
    /// <returns>The scope.</returns>
    public InvocationScope BeginInvocation(LambdaInvocation invocation) => _telemetry.BeginInvocation(invocation);

    /// <summary>Runs a handler inside an invocation scope: records an unhandled exception (then rethrows it) and flushes before returning.</summary>
    /// <typeparam name="T">The handler's result.</typeparam>
    /// <param name="invocation">The invocation facts.</param>
    /// <param name="handler">The handler body.</param>
    /// <returns>The handler's result.</returns>
    public async Task<T> RunAsync<T>(LambdaInvocation invocation, Func<InvocationContext, Task<T>> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        var scope = BeginInvocation(invocation);
        try
        {
            return await handler(scope.Context).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            scope.SetError(ex);
            throw;
        }
        finally
        {
            await scope.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Flushes every signal now, within <paramref name="timeout"/> (<see cref="MatCarvTelemetry.FlushAsync"/>).</summary>
    /// <param name="timeout">The deadline.</param>
    /// <param name="cancellationToken">Ends the wait early, like the deadline.</param>
    /// <returns>True when every signal finished before the deadline.</returns>
    public ValueTask<bool> FlushAsync(TimeSpan timeout, CancellationToken cancellationToken = default) => _telemetry.FlushAsync(timeout, cancellationToken);

    /// <summary>Writes out the current invocation's buffered log entries (<see cref="MatCarvTelemetry.FlushLogBuffer"/>).</summary>
    public void FlushLogBuffer() => _telemetry.FlushLogBuffer();

    /// <summary>Discards the current invocation's buffered log entries (<see cref="MatCarvTelemetry.ClearLogBuffer"/>).</summary>
    public void ClearLogBuffer() => _telemetry.ClearLogBuffer();

    /// <summary>What the SDK dropped so far, by signal and reason (<see cref="MatCarvTelemetry.GetDiagnostics"/>).</summary>
    /// <returns>A snapshot.</returns>
    public TelemetryDiagnosticsSnapshot GetDiagnostics() => _telemetry.GetDiagnostics();

    /// <summary>
    /// Shuts the telemetry down: flushes every signal within <see cref="MatCarvObservabilityOptions.ShutdownFlushTimeout"/>
    /// (health events still in retry get the whole of it), then releases everything. What is still undelivered then is
    /// counted as <c>shutdown</c> drops. Call it where the process ends (a Lambda extension's SIGTERM, a local loop).
    /// </summary>
    /// <returns>A task that completes when the telemetry is shut down.</returns>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _telemetry.Runtime.BeginShutdown();
        await _telemetry.FlushAsync(_telemetry.Runtime.Options.ShutdownFlushTimeout).ConfigureAwait(false);
        _composition.Dispose();
    }

    /// <summary>Shuts the telemetry down synchronously (see <see cref="DisposeAsync"/>); prefer <c>await using</c>.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _telemetry.Runtime.BeginShutdown();
        var timeout = _telemetry.Runtime.Options.ShutdownFlushTimeout;
        var flush = _telemetry.FlushAsync(timeout);
        if (!flush.IsCompleted)
        {
            // Bounded: the flush keeps its own deadline; the margin covers its last step.
            _ = flush.AsTask().Wait(timeout + TimeSpan.FromSeconds(1));
        }

        _composition.Dispose();
    }
}
