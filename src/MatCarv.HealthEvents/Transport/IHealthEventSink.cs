using MatCarv.HealthEvents.Publishing;

namespace MatCarv.HealthEvents.Transport;

/// <summary>Where prepared entries go: EventBridge PutEvents, stdout, or nowhere (counted) when EventBridge is required but unconfigured.</summary>
internal interface IHealthEventSink
{
    /// <summary>A short name for diagnostics (<c>eventbridge</c>, <c>stdout</c>).</summary>
    string Name { get; }

    /// <summary>Sends one request's worth of entries (1 to 10, within the size budget). Never throws except on <paramref name="cancellationToken"/>.</summary>
    ValueTask<PutEventsResult> SendAsync(IReadOnlyList<PreparedEntry> entries, CancellationToken cancellationToken);
}
