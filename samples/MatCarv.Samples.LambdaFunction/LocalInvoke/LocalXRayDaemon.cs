using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace MatCarv.Samples.LambdaFunction.LocalInvoke;

/// <summary>
/// A stand-in for the X-Ray daemon on 127.0.0.1 so that a local run shows its traces: it counts the documents it
/// receives and prints a summary to stderr (stdout stays pure JSON lines, as in Lambda).
/// </summary>
internal sealed class LocalXRayDaemon : IDisposable
{
    private readonly UdpClient _socket = new(new IPEndPoint(IPAddress.Loopback, 0));
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private readonly List<(string Name, string Type, bool Fault)> _documents = [];
    private int _datagrams;

    public LocalXRayDaemon()
    {
        Address = "127.0.0.1:" + ((IPEndPoint)_socket.Client.LocalEndPoint!).Port;
        _loop = Task.Run(ReceiveAsync);
    }

    public string Address { get; }

    private async Task ReceiveAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                var datagram = await _socket.ReceiveAsync(_stop.Token);
                var text = Encoding.UTF8.GetString(datagram.Buffer);
                var body = text[(text.IndexOf('\n', StringComparison.Ordinal) + 1)..];
                using var document = JsonDocument.Parse(body);
                var root = document.RootElement;
                lock (_documents)
                {
                    _datagrams++;
                    Record(root, root.TryGetProperty("type", out var type) ? type.GetString() ?? "segment" : "segment");
                }
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (Exception ex) when (ex is SocketException or JsonException)
            {
                await Console.Error.WriteLineAsync("local X-Ray daemon: unreadable datagram: " + ex.Message);
            }
        }
    }

    // A document nests the subsegments that finished with it; count each of them by name.
    private void Record(JsonElement node, string type)
    {
        _documents.Add((
            node.TryGetProperty("name", out var name) ? name.GetString() ?? "" : "",
            type,
            node.TryGetProperty("fault", out var fault) && fault.GetBoolean()));
        if (node.TryGetProperty("subsegments", out var children))
        {
            foreach (var child in children.EnumerateArray())
            {
                Record(child, "subsegment");
            }
        }
    }

    public void PrintSummary()
    {
        lock (_documents)
        {
            Console.Error.WriteLine($"local X-Ray daemon on {Address} received {_datagrams} datagrams holding {_documents.Count} segments and subsegments:");
            foreach (var group in _documents.GroupBy(d => (d.Name, d.Type, d.Fault)).OrderBy(g => g.Key.Name, StringComparer.Ordinal))
            {
                Console.Error.WriteLine($"  {group.Count(),3} x {group.Key.Type,-10} {group.Key.Name}{(group.Key.Fault ? " (fault)" : "")}");
            }
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _socket.Dispose();
        _loop.Wait(TimeSpan.FromSeconds(2));
        _stop.Dispose();
    }
}
