using System.Net;
using System.Net.Sockets;
using MatCarv.Observability.Diagnostics;

namespace MatCarv.Observability.Tracing.Transport;

/// <summary>
/// Sends datagrams to the X-Ray daemon (or the CloudWatch agent) over UDP. Used only by the exporter's background loop:
/// a datagram costs microseconds of syscall, which never lands on a caller's thread. Never throws.
/// </summary>
internal sealed class UdpDaemonSender : IDisposable
{
    private readonly DaemonAddress _address;
    private readonly SelfDiagnostics _diagnostics;
    private Socket? _socket;
    private long _sent;

    public UdpDaemonSender(DaemonAddress address, SelfDiagnostics diagnostics)
    {
        _address = address;
        _diagnostics = diagnostics;
    }

    /// <summary>Datagrams handed to the socket so far.</summary>
    public long Sent => Interlocked.Read(ref _sent);

    public void Send(ReadOnlySpan<byte> datagram)
    {
        for (int attempt = 0; attempt < 2; attempt++)
        {
            try
            {
                var socket = _socket ??= Connect();
                socket.Send(datagram, SocketFlags.None);
                Interlocked.Increment(ref _sent);
                return;
            }
            catch (SocketException ex) when (attempt == 0 && ex.SocketErrorCode == SocketError.ConnectionRefused)
            {
                // A connected UDP socket reports the ICMP "port unreachable" of an earlier datagram on the next send
                // (nothing listened then); this datagram was not sent, so try once more.
            }
            catch (Exception ex) when (ex is SocketException or ObjectDisposedException or ArgumentException or InvalidOperationException)
            {
                _socket?.Dispose();
                _socket = null;
                _diagnostics.ReportDrop("tracing", "send_failed");
                return;
            }
        }

        _diagnostics.ReportDrop("tracing", "send_failed");
    }

    private Socket Connect()
    {
        // Resolved here, on the background loop, so that a slow DNS answer never blocks start-up or a caller.
        var ip = IPAddress.TryParse(_address.UdpHost, out var literal)
            ? literal
            : Dns.GetHostAddresses(_address.UdpHost).First(a => a.AddressFamily is AddressFamily.InterNetwork or AddressFamily.InterNetworkV6);
        var socket = new Socket(ip.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            socket.Connect(new IPEndPoint(ip, _address.UdpPort));
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        _socket?.Dispose();
        _socket = null;
    }
}
