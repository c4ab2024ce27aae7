using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace MatCarv.Observability.Tests.Tracing.Support;

/// <summary>
/// The X-Ray daemon's TCP proxy on 127.0.0.1 (port chosen by the OS): a minimal HTTP/1.1 server (keep-alive, Content-Length
/// bodies) answering <c>POST /GetSamplingRules</c> and <c>POST /SamplingTargets</c> with the configured JSON and recording
/// every request body.
/// </summary>
public sealed class FakeSamplingDaemon : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();

    public FakeSamplingDaemon()
    {
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _ = Task.Run(AcceptAsync);
    }

    public int Port { get; }

    public string RulesJson { get; set; } = "{\"SamplingRuleRecords\":[]}";

    public string TargetsJson { get; set; } = "{\"SamplingTargetDocuments\":[]}";

    public ConcurrentQueue<(string Path, string Body)> Requests { get; } = new();

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
        var chunk = new byte[8192];
        try
        {
            while (true)
            {
                int headerEnd;
                while ((headerEnd = IndexOf(buffer, "\r\n\r\n"u8.ToArray())) < 0)
                {
                    int read = await stream.ReadAsync(chunk, _stop.Token);
                    if (read == 0)
                    {
                        return;
                    }

                    buffer.AddRange(chunk.AsSpan(0, read).ToArray());
                }

                var head = Encoding.ASCII.GetString(buffer.GetRange(0, headerEnd).ToArray()).Split("\r\n");
                var path = head[0].Split(' ')[1];
                int length = head.Skip(1).Where(h => h.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase))
                    .Select(h => int.Parse(h[15..].Trim(), System.Globalization.CultureInfo.InvariantCulture)).FirstOrDefault();
                while (buffer.Count < headerEnd + 4 + length)
                {
                    int read = await stream.ReadAsync(chunk, _stop.Token);
                    if (read == 0)
                    {
                        return;
                    }

                    buffer.AddRange(chunk.AsSpan(0, read).ToArray());
                }

                var body = Encoding.UTF8.GetString(buffer.GetRange(headerEnd + 4, length).ToArray());
                buffer.RemoveRange(0, headerEnd + 4 + length);
                Requests.Enqueue((path, body));
                var json = Encoding.UTF8.GetBytes(path.EndsWith("GetSamplingRules", StringComparison.Ordinal) ? RulesJson : TargetsJson);
                var response = Encoding.ASCII.GetBytes("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + json.Length + "\r\n\r\n");
                await stream.WriteAsync(response.Concat(json).ToArray(), _stop.Token);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or SocketException or ObjectDisposedException)
        {
        }
    }

    private static int IndexOf(List<byte> buffer, byte[] pattern)
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
}
