using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace MatCarv.EndToEnd.Tests.Infrastructure;

/// <summary>A real UDP listener on 127.0.0.1 that keeps every datagram it receives.</summary>
internal sealed class UdpCollector : IDisposable
{
    private readonly UdpClient _client;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public UdpCollector()
    {
        _client = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        _client.Client.ReceiveBufferSize = 8 * 1024 * 1024;
        Port = ((IPEndPoint)_client.Client.LocalEndPoint!).Port;
        _loop = Task.Run(ReceiveLoop);
    }

    public int Port { get; }

    public ConcurrentQueue<string> Datagrams { get; } = new();

    private async Task ReceiveLoop()
    {
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                var result = await _client.ReceiveAsync(_stop.Token);
                Datagrams.Enqueue(Encoding.UTF8.GetString(result.Buffer));
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (SocketException)
            {
                return;
            }
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _client.Dispose();
        try
        {
            _loop.Wait(TimeSpan.FromSeconds(2));
        }
        catch (AggregateException)
        {
        }

        _stop.Dispose();
    }
}
