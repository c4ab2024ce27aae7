using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace MatCarv.Observability.Tests.Tracing.Support;

/// <summary>A real UDP listener on 127.0.0.1 (port chosen by the OS) standing in for the X-Ray daemon.</summary>
public sealed class UdpCollector : IDisposable
{
    private readonly Socket _socket;
    private readonly Thread _thread;
    private readonly ConcurrentQueue<XRayDatagram> _received = new();
    private readonly ConcurrentQueue<Exception> _errors = new();
    private volatile bool _stopped;

    public UdpCollector()
    {
        _socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);

        // Large traces arrive as bursts of datagrams; the kernel's default receive buffer (~200 KB) could overflow.
        _socket.ReceiveBufferSize = 4 * 1024 * 1024;
        _socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        Port = ((IPEndPoint)_socket.LocalEndPoint!).Port;
        _thread = new Thread(Receive) { IsBackground = true, Name = "UdpCollector" };
        _thread.Start();
    }

    public int Port { get; }

    public string Address => "127.0.0.1:" + Port;

    public IReadOnlyList<XRayDatagram> Received => _received.ToArray();

    /// <summary>Waits (up to 15 s, not a timing assertion) until <paramref name="done"/> holds for what was received.</summary>
    public async Task<IReadOnlyList<XRayDatagram>> WaitForAsync(Func<IReadOnlyList<XRayDatagram>, bool> done)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (true)
        {
            Assert.True(_errors.IsEmpty, "datagram parse errors: " + string.Join("; ", _errors));
            var received = Received;
            if (done(received) || DateTime.UtcNow > deadline)
            {
                return received;
            }

            await Task.Delay(20);
        }
    }

    /// <summary>Waits until every id in <paramref name="ids"/> was received (as a document or nested).</summary>
    public Task<IReadOnlyList<XRayDatagram>> WaitForIdsAsync(IReadOnlyCollection<string> ids) =>
        WaitForAsync(received =>
        {
            var seen = received.SelectMany(d => d.Flatten()).Select(n => n.Node.GetProperty("id").GetString()).ToHashSet();
            return ids.All(seen.Contains);
        });

    private void Receive()
    {
        var buffer = new byte[70_000];
        while (!_stopped)
        {
            try
            {
                int length = _socket.Receive(buffer);
                var bytes = buffer.AsSpan(0, length).ToArray();
                try
                {
                    _received.Enqueue(new XRayDatagram(bytes));
                }
                catch (Exception ex)
                {
                    _errors.Enqueue(ex);
                }
            }
            catch (SocketException)
            {
                return;
            }
            catch (ObjectDisposedException)
            {
                return;
            }
        }
    }

    public void Dispose()
    {
        _stopped = true;
        _socket.Dispose();
        _thread.Join(TimeSpan.FromSeconds(2));
    }
}
