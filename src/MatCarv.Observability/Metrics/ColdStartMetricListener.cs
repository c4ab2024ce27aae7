using MatCarv.Observability.Context;

namespace MatCarv.Observability.Metrics;

/// <summary>
/// Writes the <c>ColdStart</c> metric once, on the cold invocation, in its own document (as Powertools does, so that
/// its <c>function_name</c> dimension does not multiply the application's metrics).
/// </summary>
internal sealed class ColdStartMetricListener : IInvocationListener
{
    private readonly MetricsFlushEngine _engine;
    private readonly MetricsSettings _settings;

    public ColdStartMetricListener(MetricsFlushEngine engine, MetricsSettings settings)
    {
        _engine = engine;
        _settings = settings;
    }

    public void OnInvocationStarted(InvocationContext invocation)
    {
        if (invocation.IsColdStart && _settings.CaptureColdStart && _settings.Enabled)
        {
            _engine.WriteColdStart(_settings.FunctionName ?? invocation.FunctionName);
        }
    }

    public void OnInvocationEnded(InvocationContext invocation, Exception? error)
    {
    }
}
