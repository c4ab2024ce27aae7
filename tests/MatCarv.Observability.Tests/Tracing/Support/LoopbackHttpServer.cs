using System.Net;
using System.Net.Sockets;
using System.Text;

namespace MatCarv.Observability.Tests.Tracing.Support;

/// <summary>
/// A minimal HTTP/1.1 server on 127.0.0.1 (port chosen by the OS): keep-alive connections, Content-Length bodies, every
/// request handed to <c>respond</c> and its answer written back. The test endpoints that speak HTTP (the X-Ray daemon's
/// sampling proxy, an OTLP receiver) are this plus what they record and answer.
/// </summary>
public sealed class LoopbackHttpServer : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Func<Request, Response> _respond;

    public LoopbackHttpServer(Func<Request, Response> respond)
    {
        _respond = respond;
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _ = Task.Run(AcceptAsync);
    }

    public int Port { get; }

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
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
                    if (!await ReadMoreAsync(stream, chunk, buffer))
                    {
                        return;
                    }
                }

                var head = Encoding.ASCII.GetString(buffer.GetRange(0, headerEnd).ToArray()).Split("\r\n");
                var requestLine = head[0].Split(' ');
                var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
                var headerValues = new Dictionary<string, List<string>>(StringComparer.OrdinalIgnoreCase);
                foreach (var line in head.Skip(1))
                {
                    int colon = line.IndexOf(':', StringComparison.Ordinal);
                    var name = line[..colon].Trim();
                    var value = line[(colon + 1)..].Trim();
                    headers[name] = value;
                    if (!headerValues.TryGetValue(name, out var values))
                    {
                        headerValues[name] = values = [];
                    }

                    values.Add(value);
                }

                int length = headers.TryGetValue("Content-Length", out var text) ? int.Parse(text, System.Globalization.CultureInfo.InvariantCulture) : 0;
                while (buffer.Count < headerEnd + 4 + length)
                {
                    if (!await ReadMoreAsync(stream, chunk, buffer))
                    {
                        return;
                    }
                }

                var body = buffer.GetRange(headerEnd + 4, length).ToArray();
                buffer.RemoveRange(0, headerEnd + 4 + length);
                var answer = _respond(new Request(requestLine[0], requestLine[1], headers, headerValues, body));
                var response = Encoding.ASCII.GetBytes("HTTP/1.1 " + answer.Status + " X\r\nContent-Type: " + answer.ContentType + "\r\n"
                    + answer.ExtraHeaders + "Content-Length: " + answer.Body.Length + "\r\n\r\n");
                await stream.WriteAsync(response.Concat(answer.Body).ToArray(), _stop.Token);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or SocketException or ObjectDisposedException)
        {
        }
    }

    private async Task<bool> ReadMoreAsync(NetworkStream stream, byte[] chunk, List<byte> buffer)
    {
        int read = await stream.ReadAsync(chunk, _stop.Token);
        buffer.AddRange(chunk.AsSpan(0, read).ToArray());
        return read > 0;
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

    /// <summary>
    /// One request as received: <paramref name="Headers"/> keeps the last value of each header, <paramref name="HeaderValues"/>
    /// every value in order (a header sent twice shows twice); the body as sent on the wire.
    /// </summary>
    public sealed record Request(string Method, string Path, Dictionary<string, string> Headers, Dictionary<string, List<string>> HeaderValues, byte[] Body);

    /// <summary>An answer: status, content type, extra header lines (each ending in CRLF) and body.</summary>
    public sealed record Response(int Status, string ContentType, string ExtraHeaders, byte[] Body);
}
