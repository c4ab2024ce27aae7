using System.Collections.Concurrent;
using System.IO.Compression;

namespace MatCarv.Observability.Tests.Tracing.Support;

/// <summary>
/// An OTLP/HTTP endpoint on 127.0.0.1 (port chosen by the OS): a minimal HTTP/1.1 server (keep-alive, Content-Length bodies)
/// recording every request (method, path, headers, body as sent and decompressed) and answering from <see cref="Responses"/>
/// (status, extra headers, body), then 200 with an empty body.
/// </summary>
public sealed class OtlpReceiver : IDisposable
{
    private readonly LoopbackHttpServer _server;

    public OtlpReceiver()
    {
        _server = new LoopbackHttpServer(Answer);
    }

    public int Port => _server.Port;

    public string BaseUrl => "http://127.0.0.1:" + Port;

    public ConcurrentQueue<(int Status, string Headers, byte[] Body)> Responses { get; } = new();

    public ConcurrentQueue<Request> Requests { get; } = new();

    /// <summary>Waits (up to 15 s, not a timing assertion) until <paramref name="done"/> holds.</summary>
    public async Task<IReadOnlyList<Request>> WaitForAsync(Func<IReadOnlyList<Request>, bool> done)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (true)
        {
            var requests = Requests.ToArray();
            if (done(requests) || DateTime.UtcNow > deadline)
            {
                return requests;
            }

            await Task.Delay(20);
        }
    }

    public void Dispose() => _server.Dispose();

    private LoopbackHttpServer.Response Answer(LoopbackHttpServer.Request request)
    {
        Requests.Enqueue(new Request(request.Method, request.Path, request.Headers, request.Body));
        var (status, extra, answer) = Responses.TryDequeue(out var r) ? r : (200, string.Empty, Array.Empty<byte>());
        return new LoopbackHttpServer.Response(status, "application/x-protobuf", extra, answer);
    }

    /// <summary>One request as received.</summary>
    public sealed record Request(string Method, string Path, Dictionary<string, string> Headers, byte[] RawBody)
    {
        /// <summary>The body, gunzipped when <c>Content-Encoding: gzip</c>.</summary>
        public byte[] Body
        {
            get
            {
                if (!Headers.TryGetValue("Content-Encoding", out var encoding) || encoding != "gzip")
                {
                    return RawBody;
                }

                using var gzip = new GZipStream(new MemoryStream(RawBody), CompressionMode.Decompress);
                using var output = new MemoryStream();
                gzip.CopyTo(output);
                return output.ToArray();
            }
        }

        public OtlpRequest Decode() => OtlpRequest.Parse(Body);
    }
}
