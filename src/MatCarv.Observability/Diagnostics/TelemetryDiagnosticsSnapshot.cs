namespace MatCarv.Observability.Diagnostics;

/// <summary>
/// The SDK's drop counts at one moment (<see cref="MatCarvTelemetry.GetDiagnostics"/>): the values of the
/// <c>matcarv.telemetry.dropped{signal, reason}</c> counter of the <c>MatCarv.Observability</c> meter, readable without a
/// <c>MeterListener</c> (tests, health endpoints, benchmarks).
/// </summary>
public sealed class TelemetryDiagnosticsSnapshot
{
    internal TelemetryDiagnosticsSnapshot(TelemetryDropCount[] drops)
    {
        Drops = drops;
        long total = 0;
        foreach (var drop in drops)
        {
            total += drop.Count;
        }

        TotalDropped = total;
    }

    /// <summary>The name of the meter that publishes the same counts.</summary>
    public const string MeterName = SelfDiagnostics.MeterName;

    /// <summary>The name of the counter on <see cref="MeterName"/>, with tags <c>signal</c> and <c>reason</c>.</summary>
    public const string DroppedCounterName = SelfDiagnostics.DroppedCounterName;

    /// <summary>Every non-zero count, ordered by signal then reason.</summary>
    public IReadOnlyList<TelemetryDropCount> Drops { get; }

    /// <summary>The sum of every count.</summary>
    public long TotalDropped { get; }

    /// <summary>The count for a signal and reason, or for every reason of a signal when <paramref name="reason"/> is null.</summary>
    /// <param name="signal">The signal.</param>
    /// <param name="reason">The reason, or null for all.</param>
    /// <returns>The count (0 when nothing was dropped).</returns>
    public long GetDropCount(string signal, string? reason = null)
    {
        long total = 0;
        foreach (var drop in Drops)
        {
            if (string.Equals(drop.Signal, signal, StringComparison.Ordinal)
                && (reason is null || string.Equals(drop.Reason, reason, StringComparison.Ordinal)))
            {
                total += drop.Count;
            }
        }

        return total;
    }
}
