using MatCarv.Observability.Context;

namespace MatCarv.Observability.Extensibility;

/// <summary>
/// What one MatCarv telemetry instance shares with the signal packages built on it: the service identity and execution
/// environment computed at start-up, the clock, the environment (or the dictionary that replaces it), the shared stdout
/// pipeline, and the counted-drop and warning reports. Handed to the factory given to
/// <see cref="Hosting.MatCarvObservabilityBuilder.AddSignal{TSignal}"/>; every member is safe from any thread and never throws
/// after start-up.
/// </summary>
public sealed class TelemetrySignalContext
{
    private readonly TelemetryRuntime _runtime;
    private readonly ISignalOptionsSource _options;

    internal TelemetrySignalContext(TelemetryRuntime runtime, ISignalOptionsSource options, IServiceProvider? services)
    {
        _runtime = runtime;
        _options = options;
        Services = services;
    }

    /// <summary>Who is emitting (service name, namespace, environment, version, region).</summary>
    public ServiceIdentity Identity => _runtime.Identity;

    /// <summary>Where the process runs (Lambda, ECS, EKS, EC2, local) and the platform's facts.</summary>
    public ExecutionEnvironment Execution => _runtime.Execution;

    /// <summary>The clock every signal uses (<c>MatCarvObservabilityOptions.TimeProvider</c>).</summary>
    public TimeProvider TimeProvider => _runtime.Time;

    /// <summary>
    /// False when <c>MatCarvObservabilityOptions.EnvironmentVariables</c> replaces the process environment (tests, local runs):
    /// a signal should then not consult other process-wide sources either (for example the AWS SDK's credential chain).
    /// </summary>
    public bool ReadsProcessEnvironment => _runtime.Options.EnvironmentVariables is null;

    /// <summary>
    /// True once a graceful shutdown began (the host stops, or <c>MatCarvLambda</c> is disposed): the flush under way is the
    /// last one, so a signal that caps its ordinary flushes (to keep an invocation short) should use the whole of
    /// <see cref="ShutdownFlushTimeout"/> instead; what it still holds afterwards is lost.
    /// </summary>
    public bool IsShuttingDown => _runtime.ShuttingDown;

    /// <summary>How long the shutdown flush may take (<c>MatCarvObservabilityOptions.ShutdownFlushTimeout</c>).</summary>
    public TimeSpan ShutdownFlushTimeout => _runtime.Options.ShutdownFlushTimeout;

    /// <summary>
    /// The application's service provider when the telemetry runs in a host (<c>AddMatCarvObservability</c>); null in
    /// <c>MatCarvLambda.Create</c>, which builds no container.
    /// </summary>
    public IServiceProvider? Services { get; }

    /// <summary>
    /// Reads an environment variable through the telemetry (the process environment, or the dictionary of
    /// <c>MatCarvObservabilityOptions.EnvironmentVariables</c>). Blank values read as null; values are trimmed.
    /// </summary>
    /// <param name="name">The variable name.</param>
    /// <returns>The value, or null when unset or blank.</returns>
    public string? GetEnvironmentVariable(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return _runtime.Environment.Get(name);
    }

    /// <summary>
    /// Reads a boolean environment variable the way every MatCarv package does: <c>true</c> or <c>1</c> is true, <c>false</c>
    /// or <c>0</c> is false (case-insensitive); unset or anything else gives <paramref name="defaultValue"/>.
    /// </summary>
    /// <param name="name">The variable name.</param>
    /// <param name="defaultValue">The value when unset or unrecognised.</param>
    /// <returns>The flag.</returns>
    public bool GetEnvironmentFlag(string name, bool defaultValue)
    {
        ArgumentNullException.ThrowIfNull(name);
        return _runtime.Environment.GetBool(name, defaultValue);
    }

    /// <summary>
    /// The signal's options: a new <typeparamref name="TOptions"/> with the <c>MatCarv</c> configuration section and every
    /// <see cref="Hosting.MatCarvObservabilityBuilder.Configure{TOptions}"/> action applied (in a host: <c>IOptions&lt;TOptions&gt;.Value</c>).
    /// </summary>
    /// <typeparam name="TOptions">The options type.</typeparam>
    /// <returns>The configured options.</returns>
    public TOptions GetOptions<TOptions>()
        where TOptions : class, new() => _options.Get<TOptions>();

    /// <summary>
    /// Copies one complete UTF-8 line (without its newline) into the shared stdout pipeline, where logs and EMF go, so
    /// lines never interleave. Never blocks on I/O; written at the next flush or batch.
    /// </summary>
    /// <param name="utf8Line">The line, typically one JSON object.</param>
    /// <returns>False when the line was dropped because the buffer is full (already counted as <c>stdout/buffer_full</c>).</returns>
    public bool WriteLine(ReadOnlySpan<byte> utf8Line) => _runtime.Stdout.WriteLine(utf8Line);

    /// <summary>
    /// Counts dropped telemetry on <c>matcarv.telemetry.dropped{signal, reason}</c> and announces it with at most one
    /// warning line per signal and reason per minute.
    /// </summary>
    /// <param name="signal">The signal (for example <c>health_events</c>).</param>
    /// <param name="reason">Why (a short snake_case code, for example <c>queue_full</c>).</param>
    /// <param name="count">How many items were dropped.</param>
    public void ReportDrop(string signal, string reason, long count = 1)
    {
        ArgumentNullException.ThrowIfNull(signal);
        ArgumentNullException.ThrowIfNull(reason);
        _runtime.Diagnostics.ReportDrop(signal, reason, count);
    }

    /// <summary>
    /// Writes one SDK warning line (Powertools log schema, on the shared stdout pipeline): start-up notices such as a
    /// fallback in use. Not rate limited: call it once per condition.
    /// </summary>
    /// <param name="message">The message; say what happened and which setting changes it.</param>
    /// <param name="signal">The signal concerned, if any.</param>
    /// <param name="reason">A short code, if any.</param>
    public void ReportWarning(string message, string? signal = null, string? reason = null)
    {
        ArgumentNullException.ThrowIfNull(message);
        _runtime.Diagnostics.Warn(message, signal, reason);
    }
}
