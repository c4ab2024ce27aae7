using MatCarv.Observability.Context;

namespace MatCarv.Observability.Tracing.Transport;

/// <summary>
/// The X-Ray daemon address (<c>AWS_XRAY_DAEMON_ADDRESS</c>): either <c>host:port</c> (UDP and TCP share it) or
/// <c>tcp:host:port udp:host:port</c> (space separated, either order), as the X-Ray SDKs accept it.
/// </summary>
internal sealed class DaemonAddress
{
    public const string Default = "127.0.0.1:2000";

    private DaemonAddress(string udpHost, int udpPort, string tcpHost, int tcpPort)
    {
        UdpHost = udpHost;
        UdpPort = udpPort;
        TcpHost = tcpHost;
        TcpPort = tcpPort;
    }

    public string UdpHost { get; }

    public int UdpPort { get; }

    /// <summary>The daemon's TCP proxy (centralized sampling).</summary>
    public string TcpHost { get; }

    public int TcpPort { get; }

    public static bool TryParse(string? value, out DaemonAddress? address)
    {
        address = null;
        if (string.IsNullOrWhiteSpace(value))
        {
            return false;
        }

        var parts = value.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (parts.Length == 1)
        {
            if (!HostPort.TryParse(parts[0], out var host, out var port))
            {
                return false;
            }

            address = new DaemonAddress(host, port, host, port);
            return true;
        }

        if (parts.Length != 2)
        {
            return false;
        }

        string? udpHost = null, tcpHost = null;
        int udpPort = 0, tcpPort = 0;
        foreach (var part in parts)
        {
            if (part.StartsWith("udp:", StringComparison.OrdinalIgnoreCase) && udpHost is null && HostPort.TryParse(part.AsSpan(4), out var h, out var p))
            {
                udpHost = h;
                udpPort = p;
            }
            else if (part.StartsWith("tcp:", StringComparison.OrdinalIgnoreCase) && tcpHost is null && HostPort.TryParse(part.AsSpan(4), out h, out p))
            {
                tcpHost = h;
                tcpPort = p;
            }
            else
            {
                return false;
            }
        }

        if (udpHost is null || tcpHost is null)
        {
            return false;
        }

        address = new DaemonAddress(udpHost, udpPort, tcpHost, tcpPort);
        return true;
    }

    public override string ToString() => UdpHost == TcpHost && UdpPort == TcpPort
        ? HostPort.Format(UdpHost, UdpPort)
        : "tcp:" + HostPort.Format(TcpHost, TcpPort) + " udp:" + HostPort.Format(UdpHost, UdpPort);
}
