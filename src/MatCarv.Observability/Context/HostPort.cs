using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace MatCarv.Observability.Context;

/// <summary>
/// The <c>host:port</c> part of the daemon and agent addresses (<c>AWS_XRAY_DAEMON_ADDRESS</c>, <c>AWS_EMF_AGENT_ENDPOINT</c>).
/// Only hosts a resolver can be asked about are accepted — an IPv4 literal, a bracketed IPv6 literal or DNS labels
/// (letters, digits, <c>-</c> and <c>_</c>, which container and service-discovery names use) — so that a malformed address
/// fails start-up naming its setting instead of failing, counted, at the first send (found by the address properties of
/// issue 10's fuzzing).
/// </summary>
internal static class HostPort
{
    /// <summary>DNS: at most 253 characters in all, 63 per label.</summary>
    private const int MaxHostLength = 253;
    private const int MaxLabelLength = 63;

    public static bool TryParse(ReadOnlySpan<char> value, out string host, out int port)
    {
        host = string.Empty;
        port = 0;
        int colon = value.LastIndexOf(':');
        if (colon <= 0 || colon == value.Length - 1
            || !int.TryParse(value[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out port) || port is < 1 or > 65535)
        {
            port = 0;
            return false;
        }

        var hostPart = value[..colon];
        if (hostPart[0] == '[')
        {
            // An IPv6 literal must be bracketed so that the port is unambiguous.
            if (hostPart.Length < 3 || hostPart[^1] != ']' || !IPAddress.TryParse(hostPart[1..^1], out var ip) || ip.AddressFamily != AddressFamily.InterNetworkV6)
            {
                port = 0;
                return false;
            }

            host = hostPart[1..^1].ToString();
            return true;
        }

        if (!IsHostName(hostPart))
        {
            port = 0;
            return false;
        }

        host = hostPart.ToString();
        return true;
    }

    /// <summary>Formats a host and port as <see cref="TryParse"/> reads them (IPv6 literals in brackets).</summary>
    public static string Format(string host, int port) =>
        (host.Contains(':', StringComparison.Ordinal) ? "[" + host + "]" : host) + ":" + port.ToString(CultureInfo.InvariantCulture);

    // IPv4 literals are DNS labels of digits too, so one check covers both.
    private static bool IsHostName(ReadOnlySpan<char> host)
    {
        if (host.IsEmpty || host.Length > MaxHostLength)
        {
            return false;
        }

        int label = 0;
        foreach (var c in host)
        {
            if (c == '.')
            {
                if (label == 0)
                {
                    return false;
                }

                label = 0;
            }
            else if (char.IsAsciiLetterOrDigit(c) || c is '-' or '_')
            {
                if (++label > MaxLabelLength)
                {
                    return false;
                }
            }
            else
            {
                return false;
            }
        }

        return label > 0;
    }
}
