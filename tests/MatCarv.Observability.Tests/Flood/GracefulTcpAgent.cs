using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace MatCarv.Observability.Tests.Flood;

/// <summary>
/// A CloudWatch agent EMF listener on 127.0.0.1 that restarts the way a service manager stops it: it stops accepting,
/// closes its side of each connection (FIN) and reads what the client still sends until the client closes too. So no
/// document is lost inside the test's sockets, and every document the SDK sent is either received or counted.
/// </summary>
internal sealed class GracefulTcpAgent : IDisposable
{
    private readonly ConcurrentQueue<string> _lines = new();
    private readonly List<(TcpClient Client, Task Reader)> _connections = [];
    private TcpListener? _listener;

    public int Port { get; private set; }

    public int Connections { get; private set; }

    public IReadOnlyCollection<string> Lines => _lines.ToArray();

    public void Start(int port)
    {
        var listener = new TcpListener(IPAddress.Loopback, port);
        listener.Server.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        listener.Start();
        Port = ((IPEndPoint)listener.LocalEndpoint).Port;
        _listener = listener;
        _ = Task.Run(() => AcceptLoop(listener));
    }

    /// <summary>Stops listening, half-closes every connection and waits until each client closed its side (all read).</summary>
    public async Task StopAsync()
    {
        _listener?.Stop();
        List<(TcpClient Client, Task Reader)> connections;
        lock (_connections)
        {
            connections = [.. _connections];
            _connections.Clear();
        }

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

    public void Dispose()
    {
        _listener?.Stop();
        lock (_connections)
        {
            foreach (var (client, _) in _connections)
            {
                client.Dispose();
            }
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

            lock (_connections)
            {
                Connections++;
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
                _lines.Enqueue(line);
            }
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or SocketException)
        {
            // Disposed by the test.
        }
    }
}
