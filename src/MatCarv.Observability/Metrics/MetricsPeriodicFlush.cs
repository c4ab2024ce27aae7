namespace MatCarv.Observability.Metrics;

/// <summary>
/// Long-running services: writes the metrics every <see cref="MatCarvMetricsOptions.ExportInterval"/> on a timer of the
/// runtime's <see cref="TimeProvider"/> (a test advances a fake clock). Lambda flushes per invocation instead: a timer
/// would fire while the process is frozen between invocations.
/// </summary>
internal sealed class MetricsPeriodicFlush : ITelemetryStartup, IDisposable
{
    private readonly MetricsFlushEngine _engine;
    private readonly MetricsSettings _settings;
    private readonly TelemetryRuntime _runtime;
    private readonly object _gate = new();
    private ITimer? _timer;

    public MetricsPeriodicFlush(MetricsFlushEngine engine, MetricsSettings settings, TelemetryRuntime runtime)
    {
        _engine = engine;
        _settings = settings;
        _runtime = runtime;
    }

    public void Start()
    {
        if (!_settings.Enabled || _settings.IsLambda)
        {
            return;
        }

        lock (_gate)
        {
            _timer ??= _runtime.Time.CreateTimer(static state => ((MetricsFlushEngine)state!).Flush(), _engine, _settings.ExportInterval, _settings.ExportInterval);
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _timer?.Dispose();
            _timer = null;
        }
    }
}
