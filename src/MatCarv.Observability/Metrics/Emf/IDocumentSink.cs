namespace MatCarv.Observability.Metrics.Emf;

/// <summary>Receives finished EMF documents, one UTF-8 JSON object without a newline.</summary>
internal interface IDocumentSink
{
    /// <summary>Takes a copy of the document (the span is reused afterwards). Never blocks on I/O, never throws.</summary>
    void WriteDocument(ReadOnlySpan<byte> document);
}
