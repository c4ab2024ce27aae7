using System.Globalization;
using CsCheck;
using MatCarv.Observability.Metrics.Sinks;
using MatCarv.Observability.Tracing.Transport;

namespace MatCarv.Observability.Tests.Hosting;

/// <summary>
/// The X-Ray daemon address (<c>AWS_XRAY_DAEMON_ADDRESS</c>) and the CloudWatch agent endpoint (<c>AWS_EMF_AGENT_ENDPOINT</c>)
/// are outside input: any text is either rejected (start-up then fails naming the setting) or gives a host the network
/// stack can be asked about and a port from 1 to 65535, which format back to an address that parses to the same values.
/// </summary>
public sealed class AddressPropertyTests
{
    private static readonly Gen<string> Host = Gen.OneOf(
        Gen.Const("127.0.0.1"), Gen.Const("10.0.0.2"), Gen.Const("localhost"), Gen.Const("xray-daemon"), Gen.Const("xray_daemon"),
        Gen.Const("cwagent.amazon-cloudwatch.svc.cluster.local"), Gen.Const("::1"), Gen.Const("fe80::1"), Gen.Const("2001:db8::2:1"),
        Gen.String[Gen.Char["abcdefghijklmnopqrstuvwxyz0123456789"], 1, 20]);

    private static readonly Gen<int> Port = Gen.Int[1, 65535];

    /// <summary>Address-like text (the separators in odd places, ports out of range) and arbitrary text.</summary>
    private static readonly Gen<string> AddressLike = Gen.OneOf(
        Gen.String,
        Gen.String[Gen.Char["tcpudp:/[]0123456789.:- \t\u0000\u0085abc@#?%"], 0, 30],
        Gen.Select(Gen.OneOf(Gen.Const("tcp://"), Gen.Const("udp://"), Gen.Const("tcp:"), Gen.Const("udp:"), Gen.Const("")), Gen.String[Gen.Char, 0, 12],
            Gen.OneOf(Gen.Const(":"), Gen.Const("]:"), Gen.Const("::")), Gen.Long[-5, 70000], (scheme, host, colon, port) => scheme + host + colon + port.ToString(CultureInfo.InvariantCulture)));

    [Fact]
    public void Any_daemon_address_text_is_rejected_or_gives_a_usable_host_and_port_that_round_trip()
    {
        AddressLike.Sample(text =>
        {
            if (!DaemonAddress.TryParse(text, out var address))
            {
                return;
            }

            AssertUsable(address!.UdpHost, address.UdpPort, text);
            AssertUsable(address.TcpHost, address.TcpPort, text);
            Assert.True(DaemonAddress.TryParse(address.ToString(), out var again), address.ToString());
            Assert.Equal((address.UdpHost, address.UdpPort, address.TcpHost, address.TcpPort), (again!.UdpHost, again.UdpPort, again.TcpHost, again.TcpPort));
        }, iter: 5000);
    }

    [Fact]
    public void Valid_daemon_addresses_parse_to_their_parts_in_both_forms()
    {
        Gen.Select(Host, Port, Host, Port).Sample((udpHost, udpPort, tcpHost, tcpPort) =>
        {
            Assert.True(DaemonAddress.TryParse(Format(udpHost, udpPort), out var single));
            Assert.Equal((udpHost, udpPort, udpHost, udpPort), (single!.UdpHost, single.UdpPort, single.TcpHost, single.TcpPort));
            Assert.True(DaemonAddress.TryParse($" udp:{Format(udpHost, udpPort)}  tcp:{Format(tcpHost, tcpPort)} ", out var pair));
            Assert.Equal((udpHost, udpPort, tcpHost, tcpPort), (pair!.UdpHost, pair.UdpPort, pair.TcpHost, pair.TcpPort));
        }, iter: 1000);
    }

    [Fact]
    public void Any_agent_endpoint_text_is_rejected_or_gives_a_usable_host_and_port_that_round_trip()
    {
        AddressLike.Sample(text =>
        {
            if (!AgentEndpoint.TryParse(text, out var endpoint))
            {
                return;
            }

            AssertUsable(endpoint!.Host, endpoint.Port, text);
            Assert.True(AgentEndpoint.TryParse(endpoint.ToString(), out var again), endpoint.ToString());
            Assert.Equal((endpoint.IsTcp, endpoint.Host, endpoint.Port), (again!.IsTcp, again.Host, again.Port));
        }, iter: 5000);
    }

    [Fact]
    public void Valid_agent_endpoints_parse_to_their_parts()
    {
        Gen.Select(Gen.Bool, Host, Port, Gen.Bool).Sample((tcp, host, port, slash) =>
        {
            var text = (tcp ? "tcp://" : "udp://") + Format(host, port) + (slash ? "/" : "");
            Assert.True(AgentEndpoint.TryParse(text, out var endpoint), text);
            Assert.Equal((tcp, host, port), (endpoint!.IsTcp, endpoint.Host, endpoint.Port));
        }, iter: 1000);
    }

    // Found by the properties above: hosts with control characters, spaces, '[' or '@' were accepted at start-up and
    // only failed (counted) at the first send; now they fail start-up naming the setting.
    [Theory]
    [InlineData("[:2000")]
    [InlineData("a\u0001b:2000")]
    [InlineData("user@host:2000")]
    [InlineData("[not-ipv6]:2000")]
    [InlineData("host\t:2000")]
    public void Hosts_that_no_resolver_accepts_are_rejected(string address)
    {
        Assert.False(DaemonAddress.TryParse(address, out _));
        Assert.False(AgentEndpoint.TryParse("tcp://" + address, out _));
    }

    private static void AssertUsable(string host, int port, string text)
    {
        Assert.InRange(port, 1, 65535);
        Assert.True(Uri.CheckHostName(host) != UriHostNameType.Unknown || IsDnsLabelList(host), $"host '{host}' from '{text}'");
    }

    // Uri.CheckHostName rejects underscores, which container and service-discovery names use (xray_daemon).
    private static bool IsDnsLabelList(string host) =>
        host.Length is > 0 and <= 253 && host.Split('.').All(l => l.Length is > 0 and <= 63 && l.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'));

    private static string Format(string host, int port) =>
        (host.Contains(':', StringComparison.Ordinal) ? "[" + host + "]" : host) + ":" + port.ToString(CultureInfo.InvariantCulture);
}
