using System.Diagnostics;

namespace MatCarv.Observability.Logging;

/// <summary>
/// Start-up of the logging signal: the one-time warnings about Lambda's log level (ALC), and, when buffering is on, an
/// <see cref="ActivityListener"/> that discards a request's buffer when its root activity stops. The listener never
/// samples (its <c>Sample</c> is null), so it does not make any activity be created.
/// </summary>
internal sealed class LoggingStartup : ITelemetryStartup, IDisposable
{
    private readonly LoggingPipeline _pipeline;
    private ActivityListener? _listener;

    public LoggingStartup(LoggingPipeline pipeline) => _pipeline = pipeline;

    public void Start()
    {
        _pipeline.WarnAboutLambdaLevel();
        if (_pipeline.Settings.BufferingEnabled && _listener is null)
        {
            _listener = new ActivityListener
            {
                ShouldListenTo = static _ => true,
                ActivityStopped = LoggingPipeline.OnActivityStopped,
            };
            ActivitySource.AddActivityListener(_listener);
        }
    }

    public void Dispose() => _listener?.Dispose();
}
