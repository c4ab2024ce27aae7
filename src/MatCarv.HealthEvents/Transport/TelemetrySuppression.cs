using System.Diagnostics;

namespace MatCarv.HealthEvents.Transport;

/// <summary>
/// Keeps the SDK's own PutEvents calls out of every trace (issue 10). HttpClient's diagnostics handler starts a
/// <c>System.Net.Http.HttpRequestOut</c> activity as a child of <see cref="Activity.Current"/> and asks every listener
/// (our X-Ray exporter, OpenTelemetry's HttpClient instrumentation) whether to record it. Making the current activity a
/// started, non-recorded parent whose trace state carries our "not sampled" decision (<c>matcarv=s:0</c>) makes
/// parent-based samplers — ours and OpenTelemetry's default — drop the child. The parent itself is created without an
/// <see cref="ActivitySource"/> listeners subscribe to, and nothing is exported for it.
/// </summary>
internal static class TelemetrySuppression
{
    private const string OperationName = "MatCarv.HealthEvents.Send";
    private const string NotSampledTraceState = "matcarv=s:0";

    /// <summary>Makes a non-recorded activity current until the returned scope is disposed (on this async flow only).</summary>
    public static Scope Begin()
    {
        var previous = Activity.Current;
        var activity = new Activity(OperationName);
        activity.SetParentId(ActivityTraceId.CreateRandom(), ActivitySpanId.CreateRandom(), ActivityTraceFlags.None);
        activity.TraceStateString = NotSampledTraceState;
        activity.Start();
        return new Scope(activity, previous);
    }

    /// <summary>Ends the suppression and restores the previous current activity.</summary>
    internal readonly struct Scope : IDisposable
    {
        private readonly Activity _activity;
        private readonly Activity? _previous;

        public Scope(Activity activity, Activity? previous)
        {
            _activity = activity;
            _previous = previous;
        }

        public void Dispose()
        {
            _activity.Stop();
            Activity.Current = _previous;
        }
    }
}
