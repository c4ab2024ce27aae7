using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace MatCarv.Observability.Tests.Metrics;

/// <summary>
/// A line-reading TCP server on 127.0.0.1 standing in for the CloudWatch agent's EMF listener. It can go away two ways:
/// <see cref="Stop"/> closes every connection at once (a crash: what was in flight may be lost in the sockets), and
/// <see cref="StopAsync"/> restarts the way a service manager stops it — stops accepting, closes its side of each connection
/// (FIN) and reads what the client still sends until the client closes too, so no document is lost inside the test's sockets.
/// </summary>
internal sealed class TcpAgent : IDisposable
{
    private readonly ConcurrentQueue<string> _lines = new();
    private readonly List<(TcpClient Client, Task Reader)> _connections = [];
    private readonly StringBuilder _raw = new();
    private TcpListener? _listener;
    private int _accepted;

    public int Port { get; private set; }

    /// <summary>Connections accepted since the agent was created (across restarts).</summary>
    public int Connections => Volatile.Read(ref _accepted);

    public IReadOnlyCollection<string> Lines() => _lines.ToArray();

    /// <summary>Everything received, lines joined with <c>\n</c>, as decoded from UTF-8.</summary>
    public string RawText()
    {
        lock (_raw)
        {
            return _raw.ToString();
        }
    }

    public void Start(int port)
    {
        var listener = new TcpListener(IPAddress.Loopback, port);
        listener.Server.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        listener.Start();
        Port = ((IPEndPoint)listener.LocalEndpoint).Port;
        _listener = listener;
        _ = Task.Run(() => AcceptLoop(listener));
    }

    /// <summary>Stops listening and closes every connection at once.</summary>
    public void Stop()
    {
        _listener?.Stop();
        foreach (var (client, _) in TakeConnections())
        {
            client.Dispose();
        }
    }

    /// <summary>Stops listening, half-closes every connection and waits until each client closed its side (all read).</summary>
    public async Task StopAsync()
    {
        _listener?.Stop();
        var connections = TakeConnections();
        foreach (var (client, _) in connections)
        {
            try
            {
                client.Client.Shutdown(SocketShutdown.Send);
            }
            catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
            {
            }
        }

        await Task.WhenAll(connections.Select(c => c.Reader)).WaitAsync(TimeSpan.FromSeconds(20));
        foreach (var (client, _) in connections)
        {
            client.Dispose();
        }
    }

    public void Dispose() => Stop();

    private List<(TcpClient Client, Task Reader)> TakeConnections()
    {
        lock (_connections)
        {
            List<(TcpClient Client, Task Reader)> taken = [.. _connections];
            _connections.Clear();
            return taken;
        }
    }

    private async Task AcceptLoop(TcpListener listener)
    {
        while (true)
        {
            TcpClient client;
            try
            {
                client = await listener.AcceptTcpClientAsync();
            }
            catch (Exception ex) when (ex is SocketException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            Interlocked.Increment(ref _accepted);
            lock (_connections)
            {
                _connections.Add((client, Task.Run(() => ReadLoop(client))));
            }
        }
    }

    private async Task ReadLoop(TcpClient client)
    {
        try
        {
            using var reader = new StreamReader(client.GetStream(), new UTF8Encoding(false, throwOnInvalidBytes: true));
            while (await reader.ReadLineAsync() is { } line)
            {
                lock (_raw)
                {
                    _raw.Append(line).Append('\n');
                }

                _lines.Enqueue(line);
            }
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or SocketException)
        {
            // The test stopped the agent.
        }
    }
}
