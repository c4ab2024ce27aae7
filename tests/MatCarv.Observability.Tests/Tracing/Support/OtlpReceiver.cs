using System.Collections.Concurrent;
using System.IO.Compression;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace MatCarv.Observability.Tests.Tracing.Support;

/// <summary>
/// An OTLP/HTTP endpoint on 127.0.0.1 (port chosen by the OS): a minimal HTTP/1.1 server (keep-alive, Content-Length bodies)
/// recording every request (method, path, headers, body as sent and decompressed) and answering from <see cref="Responses"/>
/// (status, extra headers, body), then 200 with an empty body.
/// </summary>
public sealed class OtlpReceiver : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();

    public OtlpReceiver()
    {
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _ = Task.Run(AcceptAsync);
    }

    public int Port { get; }

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

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            _ = Task.Run(() => ServeAsync(client));
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using var _ = client;
        var stream = client.GetStream();
        var buffer = new List<byte>();
        var chunk = new byte[65536];
        try
        {
            while (true)
            {
                int headerEnd;
                while ((headerEnd = IndexOf(buffer, "\r\n\r\n"u8)) < 0)
                {
                    int read = await stream.ReadAsync(chunk, _stop.Token);
                    if (read == 0)
                    {
                        return;
                    }

                    buffer.AddRange(chunk.AsSpan(0, read).ToArray());
                }

                var head = Encoding.ASCII.GetString(buffer.GetRange(0, headerEnd).ToArray()).Split("\r\n");
                var requestLine = head[0].Split(' ');
                var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
                foreach (var line in head.Skip(1))
                {
                    int colon = line.IndexOf(':', StringComparison.Ordinal);
                    headers[line[..colon].Trim()] = line[(colon + 1)..].Trim();
                }

                int length = headers.TryGetValue("Content-Length", out var text) ? int.Parse(text, System.Globalization.CultureInfo.InvariantCulture) : 0;
                while (buffer.Count < headerEnd + 4 + length)
                {
                    int read = await stream.ReadAsync(chunk, _stop.Token);
                    if (read == 0)
                    {
                        return;
                    }

                    buffer.AddRange(chunk.AsSpan(0, read).ToArray());
                }

                var body = buffer.GetRange(headerEnd + 4, length).ToArray();
                buffer.RemoveRange(0, headerEnd + 4 + length);
                Requests.Enqueue(new Request(requestLine[0], requestLine[1], headers, body));
                var (status, extra, answer) = Responses.TryDequeue(out var r) ? r : (200, string.Empty, Array.Empty<byte>());
                var response = Encoding.ASCII.GetBytes("HTTP/1.1 " + status + " X\r\nContent-Type: application/x-protobuf\r\n" + extra + "Content-Length: " + answer.Length + "\r\n\r\n");
                await stream.WriteAsync(response.Concat(answer).ToArray(), _stop.Token);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or SocketException or ObjectDisposedException)
        {
        }
    }

    private static int IndexOf(List<byte> buffer, ReadOnlySpan<byte> pattern)
    {
        for (int i = 0; i + pattern.Length <= buffer.Count; i++)
        {
            int j = 0;
            while (j < pattern.Length && buffer[i + j] == pattern[j])
            {
                j++;
            }

            if (j == pattern.Length)
            {
                return i;
            }
        }

        return -1;
    }

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
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
