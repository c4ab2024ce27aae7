using System.Net;
using System.Net.Sockets;

namespace MatCarv.Benchmarks.Tracing;

/// <summary>A UDP socket on 127.0.0.1 that reads, counts and discards datagrams: the X-Ray daemon stand-in.</summary>
internal sealed class UdpSink : IDisposable
{
    private readonly Socket _socket = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
    private readonly Thread _thread;
    private long _received;

    public UdpSink()
    {
        _socket.ReceiveBufferSize = 8 * 1024 * 1024;
        _socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        EndPoint = (IPEndPoint)_socket.LocalEndPoint!;
        Address = "127.0.0.1:" + EndPoint.Port;
        _thread = new Thread(() =>
        {
            var buffer = new byte[70_000];
            try
            {
                while (true)
                {
                    _socket.Receive(buffer);
                    Interlocked.Increment(ref _received);
                }
            }
            catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
            {
            }
        }) { IsBackground = true, Name = "UdpSink" };
        _thread.Start();
    }

    public string Address { get; }

    public IPEndPoint EndPoint { get; }

    /// <summary>Datagrams received so far.</summary>
    public long Received => Interlocked.Read(ref _received);

    public void Dispose() => _socket.Dispose();
}
