using MatCarv.Observability.Metrics.Emf;

namespace MatCarv.Observability.Metrics.Sinks;

/// <summary>Where documents go: standard output or the CloudWatch agent.</summary>
internal interface IEmfSink : IDocumentSink, IDisposable
{
    /// <summary>Delivers what is queued, until done or <paramref name="cancellationToken"/> fires. Never throws.</summary>
    ValueTask FlushAsync(CancellationToken cancellationToken);
}
