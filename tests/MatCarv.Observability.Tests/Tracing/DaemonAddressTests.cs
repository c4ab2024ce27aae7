using MatCarv.Observability.Tracing.Transport;

namespace MatCarv.Observability.Tests.Tracing;

public sealed class DaemonAddressTests
{
    [Theory]
    [InlineData("127.0.0.1:2000", "127.0.0.1", 2000, "127.0.0.1", 2000)]
    [InlineData("xray-daemon:3000", "xray-daemon", 3000, "xray-daemon", 3000)]
    [InlineData("tcp:10.0.0.1:2001 udp:10.0.0.2:2002", "10.0.0.2", 2002, "10.0.0.1", 2001)]
    [InlineData("  udp:10.0.0.2:2002   tcp:10.0.0.1:2001 ", "10.0.0.2", 2002, "10.0.0.1", 2001)]
    [InlineData("[::1]:2000", "::1", 2000, "::1", 2000)]
    public void Accepts_both_address_forms(string value, string udpHost, int udpPort, string tcpHost, int tcpPort)
    {
        Assert.True(DaemonAddress.TryParse(value, out var address));
        Assert.Equal((udpHost, udpPort, tcpHost, tcpPort), (address!.UdpHost, address.UdpPort, address.TcpHost, address.TcpPort));
    }

    [Theory]
    [InlineData("")]
    [InlineData("localhost")]
    [InlineData("localhost:")]
    [InlineData(":2000")]
    [InlineData("localhost:99999")]
    [InlineData("localhost:abc")]
    [InlineData("tcp:a:1")]
    [InlineData("tcp:a:1 udp:b:2 udp:c:3")]
    [InlineData("tcp:a:1 tcp:b:2")]
    [InlineData("::1:2000")]
    public void Rejects_malformed_addresses(string value) => Assert.False(DaemonAddress.TryParse(value, out _));
}
