using System.Net;
using System.Net.Sockets;
using System.Text;

namespace MatCarv.Observability.Tests.Tracing.Support;

/// <summary>A minimal HTTP/1.1 server on 127.0.0.1 (port chosen by the OS) that records the request headers and answers 200.</summary>
public sealed class HeaderCapturingServer : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly Task _loop;
    private readonly TaskCompletionSource<Dictionary<string, List<string>>> _first = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public HeaderCapturingServer()
    {
        _listener.Start();
        Uri = new Uri("http://127.0.0.1:" + ((IPEndPoint)_listener.LocalEndpoint).Port + "/");
        _loop = Task.Run(ServeAsync);
    }

    public Uri Uri { get; }

    public Task<Dictionary<string, List<string>>> FirstRequestHeaders => _first.Task;

    private async Task ServeAsync()
    {
        try
        {
            using var client = await _listener.AcceptTcpClientAsync();
            using var stream = client.GetStream();
            using var reader = new StreamReader(stream, Encoding.ASCII, leaveOpen: true);
            var headers = new Dictionary<string, List<string>>(StringComparer.OrdinalIgnoreCase);
            _ = await reader.ReadLineAsync();
            string? line;
            while (!string.IsNullOrEmpty(line = await reader.ReadLineAsync()))
            {
                int colon = line.IndexOf(':', StringComparison.Ordinal);
                var name = line[..colon].Trim();
                if (!headers.TryGetValue(name, out var values))
                {
                    headers[name] = values = new List<string>();
                }

                values.Add(line[(colon + 1)..].Trim());
            }

            var response = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok"u8.ToArray();
            await stream.WriteAsync(response);
            _first.TrySetResult(headers);
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException or IOException)
        {
            _first.TrySetException(ex);
        }
    }

    public void Dispose()
    {
        _listener.Stop();
        _loop.Wait(TimeSpan.FromSeconds(2));
    }
}
