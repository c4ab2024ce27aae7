using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using MatCarv.Observability.Tests.Tracing.Support;
using Microsoft.Extensions.Time.Testing;

namespace MatCarv.Observability.Tests.Tracing;

public sealed class CentralizedSamplingTests
{
    [Fact]
    public async Task Rules_from_the_daemon_decide_by_priority_and_statistics_and_quotas_go_both_ways()
    {
        using var daemon = new FakeSamplingDaemon();
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        daemon.RulesJson = """
            {"SamplingRuleRecords":[
              {"SamplingRule":{"RuleName":"Default","RuleARN":"arn:aws:xray:eu-west-1:123456789012:sampling-rule/Default","ResourceARN":"*","Priority":10000,"FixedRate":1.0,"ReservoirSize":1,"ServiceName":"*","ServiceType":"*","Host":"*","HTTPMethod":"*","URLPath":"*","Version":1,"Attributes":{}}},
              {"SamplingRule":{"RuleName":"health","ResourceARN":"*","Priority":1,"FixedRate":0.0,"ReservoirSize":0,"ServiceName":"orders","ServiceType":"*","Host":"*","HTTPMethod":"GET","URLPath":"/health*","Version":1,"Attributes":{}}},
              {"SamplingRule":{"RuleName":"tagged","ResourceARN":"*","Priority":2,"FixedRate":1.0,"ReservoirSize":0,"ServiceName":"*","ServiceType":"*","Host":"*","HTTPMethod":"*","URLPath":"*","Version":1,"Attributes":{"team":"a"}}}
            ]}
            """;
        var now = time.GetUtcNow().ToUnixTimeSeconds();
        daemon.TargetsJson = $$"""
            {"SamplingTargetDocuments":[{"RuleName":"Default","FixedRate":0.0,"ReservoirQuota":2,"ReservoirQuotaTTL":{{now + 60}},"Interval":10}],"LastRuleModification":0,"UnprocessedStatistics":[]}
            """;
        await using var harness = new TracingHarness(time: time, configure: o =>
        {
            // UDP still goes to the harness's collector; the TCP proxy is the fake daemon.
            o.DaemonAddress = $"tcp:127.0.0.1:{daemon.Port} udp:{o.DaemonAddress}";
            o.CentralizedSampling = true;
            o.SamplingRate = 0;
            o.SamplingFixedTarget = 0;
        });
        var central = harness.Exporter.CentralizedSampler!;
        Assert.True(await central.RefreshRulesAsync(CancellationToken.None));

        // Ascending priority; the rule with attributes cannot be evaluated here and is skipped.
        Assert.Equal(["health", "Default"], central.Rules!.Select(r => r.Name));

        bool Recorded(string path)
        {
            using var activity = harness.Source.StartActivity(ActivityKind.Server, default(ActivityContext), [new("http.request.method", "GET"), new("url.path", path)], name: "request");
            return activity!.Recorded;
        }

        Assert.False(Recorded("/health/ready"));
        Assert.True(Recorded("/orders"));
        Assert.True(Recorded("/orders"));

        Assert.True(await central.ReportTargetsAsync(CancellationToken.None));
        var report = daemon.Requests.Last(r => r.Path == "/SamplingTargets").Body;
        using var document = JsonDocument.Parse(report);
        var statistics = document.RootElement.GetProperty("SamplingStatisticsDocuments").EnumerateArray().ToDictionary(d => d.GetProperty("RuleName").GetString()!);
        Assert.Equal((1, 0, 0), Counts(statistics["health"]));
        Assert.Equal((2, 2, 1), Counts(statistics["Default"]));
        Assert.Equal(24, statistics["Default"].GetProperty("ClientID").GetString()!.Length);

        // The quota assigned by the service: two per second, then the assigned rate (0).
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal([true, true, false], [Recorded("/orders"), Recorded("/orders"), Recorded("/orders")]);
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.True(Recorded("/orders"));
    }

    [Fact]
    public async Task Without_a_daemon_local_rules_apply_and_nothing_throws()
    {
        var closed = new TcpListener(IPAddress.Loopback, 0);
        closed.Start();
        int port = ((IPEndPoint)closed.LocalEndpoint).Port;
        closed.Stop();
        await using var harness = new TracingHarness(configure: o =>
        {
            o.DaemonAddress = $"tcp:127.0.0.1:{port} udp:{o.DaemonAddress}";
            o.CentralizedSampling = true;
            o.SamplingRate = 1;
        });
        var central = harness.Exporter.CentralizedSampler!;
        Assert.False(await central.RefreshRulesAsync(CancellationToken.None));
        Assert.Null(central.Rules);
        using var activity = harness.Source.StartActivity("local-rules-decide")!;
        Assert.True(activity.Recorded);
    }

    private static (int, int, int) Counts(JsonElement e) =>
        (e.GetProperty("RequestCount").GetInt32(), e.GetProperty("SampledCount").GetInt32(), e.GetProperty("BorrowCount").GetInt32());
}
