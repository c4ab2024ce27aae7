using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using MatCarv.Observability.Metrics;

namespace MatCarv.Observability.Tests.Metrics;

/// <summary>The CloudWatch agent sink against real TCP and UDP listeners on 127.0.0.1.</summary>
public sealed class AgentSinkTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    private static MetricsHarness Agent(string endpoint, Action<MatCarvMetricsOptions>? configure = null, Action<MatCarvObservabilityOptions>? shared = null, params (string Key, string? Value)[] env)
    {
        var environment = MetricsHarness.LocalEnvironment(env);
        environment["AWS_EMF_AGENT_ENDPOINT"] = endpoint;
        return new MetricsHarness(environment, configure, shared) { RequireLogGroup = true };
    }

    private static List<JsonElement> WaitFor(Func<IReadOnlyCollection<string>> lines, int count)
    {
        // Waits for I/O on another thread; the deadline only bounds a failing test.
        var deadline = DateTime.UtcNow + Patience;
        while (lines().Count < count && DateTime.UtcNow < deadline)
        {
            Thread.Sleep(10);
        }

        var received = lines();
        Assert.True(received.Count >= count, $"received {received.Count} of {count} documents");
        return [.. received.Select(l => EmfValidator.AssertValid(l, requireLogGroup: true))];
    }

    [Fact]
    public async Task Tcp_agent_receives_one_utf8_document_per_line_with_the_log_group()
    {
        using var agent = new TcpAgent();
        agent.Start(0);
        using var harness = Agent($"tcp://127.0.0.1:{agent.Port}", env: ("AWS_EMF_LOG_GROUP_NAME", "my-group"));
        harness.Metrics.AddMetadata("note", "caf\u00e9 \u2603");
        harness.Metrics.AddMetric("Orders", 1, MetricUnit.Count);
        harness.Metrics.AddMetric("Orders", 2, MetricUnit.Count, MetricResolution.Standard, [new("tenant", "acme")]);
        await harness.Telemetry.FlushAsync(TimeSpan.FromSeconds(10));

        var documents = WaitFor(agent.Lines, 2);
        Assert.Equal(2, documents.Count);
        Assert.All(documents, d => Assert.Equal("my-group", d.GetProperty("_aws").GetProperty("LogGroupName").GetString()));
        Assert.Equal("caf\u00e9 \u2603", documents.Single(d => d.TryGetProperty("note", out _)).GetProperty("note").GetString());
        Assert.Contains("caf\u00e9 \u2603", agent.RawText(), StringComparison.Ordinal);
        Assert.Empty(harness.Read());
    }

    [Fact]
    public async Task Udp_agent_receives_one_datagram_per_document()
    {
        using var udp = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        int port = ((IPEndPoint)udp.Client.LocalEndPoint!).Port;
        var received = new ConcurrentQueue<string>();
        using var cts = new CancellationTokenSource();
        var receiver = Task.Run(async () =>
        {
            while (!cts.IsCancellationRequested)
            {
                var result = await udp.ReceiveAsync(cts.Token);
                received.Enqueue(Encoding.UTF8.GetString(result.Buffer));
            }
        });

        using var harness = Agent($"udp://127.0.0.1:{port}", o => o.LogStreamName = "stream-1");
        for (int i = 0; i < 120; i++)
        {
            harness.Metrics.AddMetric($"M{i}", i);
        }

        await harness.Telemetry.FlushAsync(TimeSpan.FromSeconds(10));
        var documents = WaitFor(() => received.Select(d => d.TrimEnd('\n')).ToArray(), 2);
        Assert.All(received, datagram => Assert.EndsWith("}\n", datagram, StringComparison.Ordinal));
        Assert.All(received, datagram => Assert.Equal(1, datagram.Count(c => c == '\n')));
        Assert.Equal(120, documents.SelectMany(EmfValidator.MetricNames).Count());
        Assert.All(documents, d => Assert.Equal("harness-svc-metrics", d.GetProperty("_aws").GetProperty("LogGroupName").GetString()));
        Assert.All(documents, d => Assert.Equal("stream-1", d.GetProperty("_aws").GetProperty("LogStreamName").GetString()));
        cts.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => receiver);
    }

    [Fact]
    public async Task Tcp_sink_reconnects_on_a_fresh_socket_when_the_agent_restarts()
    {
        using var first = new TcpAgent();
        first.Start(0);
        int port = first.Port;
        using var harness = Agent($"tcp://127.0.0.1:{port}");
        harness.Metrics.AddMetric("Phase", 1);
        await harness.Telemetry.FlushAsync(TimeSpan.FromSeconds(10));
        WaitFor(first.Lines, 1);
        first.Stop();

        // The agent is down: documents wait in the queue while the sink backs off.
        harness.Metrics.AddMetric("Phase", 2);
        harness.Metrics.Flush();
        harness.Metrics.AddMetric("Phase", 3);
        harness.Metrics.Flush();

        using var second = new TcpAgent();
        second.Start(port);
        await harness.Telemetry.FlushAsync(TimeSpan.FromSeconds(15));
        var documents = WaitFor(second.Lines, 2);
        Assert.Equal([2.0, 3.0], documents.Select(d => d.GetProperty("Phase").GetDouble()).Order());
        Assert.True(second.Connections >= 1);
        Assert.Equal(0, harness.Drops());
    }

    [Fact]
    public void Unreachable_agent_keeps_a_bounded_queue_and_counts_what_it_drops()
    {
        int closedPort;
        using (var probe = new TcpListener(IPAddress.Loopback, 0))
        {
            probe.Start();
            closedPort = ((IPEndPoint)probe.LocalEndpoint).Port;
        }

        using var harness = Agent($"tcp://127.0.0.1:{closedPort}", o => o.AgentQueueCapacity = 2, s => s.ShutdownFlushTimeout = TimeSpan.FromMilliseconds(200));
        for (int i = 0; i < 5; i++)
        {
            harness.Metrics.AddMetric("Orders", i);
            harness.Metrics.Flush();
        }

        Assert.Equal(3, harness.Drops("agent_queue_full"));
        harness.Dispose();
        Assert.Equal(2, harness.Drops("agent_send_failed"));
    }
}
