namespace MatCarv.Observability.Tests.Tracing.Support;

/// <summary>An HTTP endpoint on 127.0.0.1 (port chosen by the OS) that records the first request's headers (every value) and answers 200.</summary>
public sealed class HeaderCapturingServer : IDisposable
{
    private readonly TaskCompletionSource<Dictionary<string, List<string>>> _first = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly LoopbackHttpServer _server;

    public HeaderCapturingServer()
    {
        _server = new LoopbackHttpServer(request =>
        {
            _first.TrySetResult(request.HeaderValues);
            return new LoopbackHttpServer.Response(200, "text/plain", string.Empty, "ok"u8.ToArray());
        });
        Uri = new Uri("http://127.0.0.1:" + _server.Port + "/");
    }

    public Uri Uri { get; }

    public Task<Dictionary<string, List<string>>> FirstRequestHeaders => _first.Task;

    public void Dispose() => _server.Dispose();
}
