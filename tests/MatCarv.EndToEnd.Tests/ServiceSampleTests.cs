using System.Text.Json;
using MatCarv.EndToEnd.Tests.Infrastructure;
using MatCarv.Testing;
using MatCarv.Observability.Tests.Tracing.Support;

namespace MatCarv.EndToEnd.Tests;

/// <summary>The ASP.NET Core and worker samples as users build them: PackageReferences from the local feed.</summary>
[Collection(PackageFeedCollection.Name)]
[Trait("Category", "Slow")]
public sealed class ServiceSampleTests
{
    private readonly PackageFeed _feed;

    public ServiceSampleTests(PackageFeed feed) => _feed = feed;

    [Fact]
    public async Task WebApi_sample_traces_requests_as_segments_publishes_health_transitions_and_flushes_at_shutdown()
    {
        var project = _feed.CreateConsumer("MatCarv.Samples.WebApi", "Microsoft.NET.Sdk.Web", ["MatCarv.Observability", "MatCarv.HealthEvents", "MatCarv.Observability.AspNetCore"]);
        var build = await ProcessRunner.RunAsync("dotnet", ["build", "-c", "Release", "-o", Path.Combine(project, "out")], project);
        Assert.True(build.ExitCode == 0, build.Describe());

        using var daemon = new UdpCollector();
        var environment = new Dictionary<string, string?>
        {
            ["AWS_XRAY_DAEMON_ADDRESS"] = $"127.0.0.1:{daemon.Port}",
            ["ECS_CONTAINER_METADATA_URI_V4"] = "http://169.254.170.2/v4/sample-task",
            ["AWS_REGION"] = null,
            ["AWS_DEFAULT_REGION"] = null,
            ["AWS_ACCESS_KEY_ID"] = null,
            ["AWS_SECRET_ACCESS_KEY"] = null,
            ["AWS_PROFILE"] = null,
            ["POWERTOOLS_SERVICE_NAME"] = null,
            ["AWS_LAMBDA_FUNCTION_NAME"] = null,
        };
        var run = await ProcessRunner.RunAsync(
            "dotnet",
            [Path.Combine(project, "out", "MatCarv.Samples.WebApi.dll"), "--urls", "http://127.0.0.1:0", "--self-test"],
            project,
            environment,
            TimeSpan.FromMinutes(2));
        Assert.True(run.ExitCode == 0, run.Describe());
        await Task.Delay(300);

        var output = EmittedOutput.Parse(run.StandardOutput);

        // Logs from ASP.NET Core and the app carry the request's trace id, the same one the segment has.
        var appLines = output.Logs.Where(l => l.GetProperty("name").GetString() == "Program" && l.TryGetProperty("xray_trace_id", out _)).ToList();
        Assert.True(appLines.Count >= 4, run.Describe());
        Assert.All(output.Logs, l => Assert.Equal("inventory-api", l.GetProperty("service").GetString()));

        // Traces: each server request is a segment (ECS origin), with http data; outgoing calls are remote subsegments.
        var datagrams = daemon.Datagrams.Select(d => new XRayDatagram(System.Text.Encoding.UTF8.GetBytes(d))).ToList();
        XRaySchema.AssertDatagrams(datagrams);
        var segments = datagrams.Where(d => !d.IsSubsegmentDocument).ToList();
        Assert.NotEmpty(segments);
        var stockSegments = segments.Where(s => s.Body.TryGetProperty("http", out var http) && http.GetProperty("request").GetProperty("url").GetString()!.Contains("/stock/", StringComparison.Ordinal)).ToList();
        // Default sampling (1 request per second, then 5 %): the first of the three quick lookups is always traced.
        Assert.InRange(stockSegments.Count, 2, 6);
        Assert.All(stockSegments, s => Assert.Equal("AWS::ECS::Container", s.Body.GetProperty("origin").GetString()));
        Assert.All(stockSegments, s => Assert.Equal(200, s.Body.GetProperty("http").GetProperty("response").GetProperty("status").GetInt32()));
        var loggedTraceIds = appLines.Select(l => l.GetProperty("xray_trace_id").GetString()).ToHashSet();

        // The self-test's HttpClient call is a root (a segment); the server continues its trace from the propagated
        // headers: a segment whose parent_id is the client's id, in the same trace.
        var clientSegment = stockSegments.First(s => !s.Body.TryGetProperty("parent_id", out _));
        var serverSegment = Assert.Single(segments, s => s.TraceId == clientSegment.TraceId && s.Body.TryGetProperty("parent_id", out var parent) && parent.GetString() == clientSegment.Id);

        // The server segment's http block comes from WithAspNetCore (the sample has no tagging middleware).
        var serverHttp = serverSegment.Body.GetProperty("http");
        Assert.Equal("GET", serverHttp.GetProperty("request").GetProperty("method").GetString());
        Assert.Contains("/stock/", serverHttp.GetProperty("request").GetProperty("url").GetString(), StringComparison.Ordinal);
        Assert.Equal("127.0.0.1", serverHttp.GetProperty("request").GetProperty("client_ip").GetString());
        Assert.Equal(200, serverHttp.GetProperty("response").GetProperty("status").GetInt32());
        Assert.Contains(stockSegments, s => loggedTraceIds.Contains(s.TraceId));
        var nodes = datagrams.SelectMany(d => d.Flatten()).Select(n => n.Node).ToList();
        Assert.Contains(nodes, n => n.GetProperty("name").GetString() == "LookupStock");

        // Health: no AWS configured, so events are JSON lines on stdout; transitions only (initial, Unhealthy, Healthy).
        var statuses = output.HealthEvents.Select(e => e.GetProperty("detail").GetProperty("status").GetString()).ToList();
        Assert.Equal(["Healthy", "Unhealthy", "Healthy"], statuses);
        Assert.All(output.HealthEvents, e => Assert.Equal("com.matcarv.samples.inventory", e.GetProperty("source").GetString()));

        // Metrics from the Meter were flushed at graceful shutdown.
        Assert.Contains(output.Emf, d => d.TryGetProperty("inventory.reservations", out _));
        Assert.Contains(output.Emf, d => d.TryGetProperty("inventory.lookup.latency", out _));
    }

    [Fact]
    public async Task Worker_sample_flushes_meter_metrics_periodically_and_at_shutdown()
    {
        var project = _feed.CreateConsumer("MatCarv.Samples.Worker", "Microsoft.NET.Sdk.Worker", ["MatCarv.Observability"], extraItems: "<PackageReference Include=\"Microsoft.Extensions.Hosting\" Version=\"10.0.15\" />");
        var build = await ProcessRunner.RunAsync("dotnet", ["build", "-c", "Release", "-o", Path.Combine(project, "out")], project);
        Assert.True(build.ExitCode == 0, build.Describe());

        using var daemon = new UdpCollector();
        var run = await ProcessRunner.RunAsync(
            "dotnet",
            [Path.Combine(project, "out", "MatCarv.Samples.Worker.dll"), "--iterations", "12"],
            project,
            new Dictionary<string, string?> { ["AWS_XRAY_DAEMON_ADDRESS"] = $"127.0.0.1:{daemon.Port}", ["AWS_LAMBDA_FUNCTION_NAME"] = null, ["POWERTOOLS_SERVICE_NAME"] = null },
            TimeSpan.FromMinutes(2));
        Assert.True(run.ExitCode == 0, run.Describe());
        await Task.Delay(300);

        var output = EmittedOutput.Parse(run.StandardOutput);
        Assert.True(12 == output.Logs.Count(l => l.GetProperty("message").GetString()!.StartsWith("Processed batch", StringComparison.Ordinal)), run.Describe());

        // 12 batches take ~2.5 s with a 1 s flush interval: more than one flush, and every batch counted exactly once.
        var batchDocs = output.Emf.Where(d => d.TryGetProperty("BatchesProcessed", out _)).ToList();
        Assert.True(batchDocs.Count >= 2, $"expected periodic flushes, got {batchDocs.Count}");
        Assert.Equal(12, batchDocs.Sum(d => d.GetProperty("BatchesProcessed") is { ValueKind: JsonValueKind.Array } a ? a.EnumerateArray().Sum(v => v.GetDouble()) : d.GetProperty("BatchesProcessed").GetDouble()));
        var jobs = output.Emf.Where(d => d.TryGetProperty("worker.jobs.processed", out _)).Sum(d => d.GetProperty("worker.jobs.processed").GetDouble());
        Assert.Equal(60, jobs);

        var datagrams = daemon.Datagrams.Select(d => new XRayDatagram(System.Text.Encoding.UTF8.GetBytes(d))).ToList();
        XRaySchema.AssertDatagrams(datagrams);
        // Each batch is a local root, so a segment named after the service, with the span name in metadata; default
        // sampling (1 per second, then 5 %) traces a few of the 12.
        var batches = datagrams.Where(d => !d.IsSubsegmentDocument && d.Body.GetProperty("metadata").GetProperty("default").GetProperty("span_name").GetString() == "ProcessBatch").ToList();
        Assert.InRange(batches.Count, 1, 12);
        Assert.All(batches, b => Assert.Equal("orders-worker", b.Body.GetProperty("name").GetString()));
    }
}
