using MatCarv.Observability.Context;

namespace MatCarv.Observability.Metrics.Sinks;

/// <summary>The CloudWatch agent address: <c>tcp://host:port</c> or <c>udp://host:port</c> (<c>AWS_EMF_AGENT_ENDPOINT</c>).</summary>
internal sealed class AgentEndpoint
{
    /// <summary>The default of the CloudWatch agent and of aws-embedded-metrics-dotnet.</summary>
    public const string Default = "tcp://127.0.0.1:25888";

    private AgentEndpoint(bool isTcp, string host, int port)
    {
        IsTcp = isTcp;
        Host = host;
        Port = port;
    }

    public bool IsTcp { get; }

    public string Host { get; }

    public int Port { get; }

    public static bool TryParse(string? value, out AgentEndpoint? endpoint)
    {
        endpoint = null;
        if (string.IsNullOrWhiteSpace(value))
        {
            return false;
        }

        value = value.Trim();
        bool tcp;
        string rest;
        if (value.StartsWith("tcp://", StringComparison.OrdinalIgnoreCase))
        {
            tcp = true;
            rest = value[6..];
        }
        else if (value.StartsWith("udp://", StringComparison.OrdinalIgnoreCase))
        {
            tcp = false;
            rest = value[6..];
        }
        else
        {
            return false;
        }

        if (!HostPort.TryParse(rest.TrimEnd('/'), out var host, out int port))
        {
            return false;
        }

        endpoint = new AgentEndpoint(tcp, host, port);
        return true;
    }

    public override string ToString() => (IsTcp ? "tcp://" : "udp://") + HostPort.Format(Host, Port);
}
