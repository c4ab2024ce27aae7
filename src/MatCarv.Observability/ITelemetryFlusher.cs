namespace MatCarv.Observability;

/// <summary>
/// A signal pipeline that holds data in memory. Flushed at the end of every Lambda invocation, at graceful shutdown,
/// and on demand, in ascending <see cref="FlushOrder"/>: producers first (metrics write EMF lines), stdout last.
/// </summary>
internal interface ITelemetryFlusher
{
    /// <summary>Producers use 0–99; the stdout line writer uses 1000.</summary>
    int FlushOrder { get; }

    /// <summary>Sends everything buffered; stops early when <paramref name="cancellationToken"/> fires (the deadline). Never throws.</summary>
    ValueTask FlushAsync(CancellationToken cancellationToken);
}
