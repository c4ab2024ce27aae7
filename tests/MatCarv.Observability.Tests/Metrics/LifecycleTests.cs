using System.Text.Json;
using MatCarv.Observability.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace MatCarv.Observability.Tests.Metrics;

public sealed class LifecycleTests
{
    [Fact]
    public async Task Lambda_writes_the_cold_start_document_once_and_flushes_each_invocation()
    {
        using var harness = MetricsHarness.Lambda(o => o.DefaultDimensions["environment"] = "test");
        await harness.Telemetry.RunAsync(MetricsHarness.Invocation("req-1"), _ =>
        {
            harness.Metrics.AddMetric("Orders", 1, MetricUnit.Count);
            return Task.FromResult(0);
        });

        var afterFirst = harness.Read();
        Assert.Equal(2, afterFirst.Count);
        var coldStart = afterFirst[0];
        var reference = JsonDocument.Parse(File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "specs", "reference", "powertools-metrics.jsonl"))[0]).RootElement;
        Assert.Equal(reference.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal), coldStart.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        Assert.Equal(["environment", "function_name", "service"], EmfValidator.DimensionSets(coldStart)[0].Order(StringComparer.Ordinal));
        Assert.Equal("harness-fn", coldStart.GetProperty("function_name").GetString());
        Assert.Equal(1, coldStart.GetProperty("ColdStart").GetDouble());
        Assert.Equal("Count", coldStart.GetProperty("_aws").GetProperty("CloudWatchMetrics")[0].GetProperty("Metrics")[0].GetProperty("Unit").GetString());
        Assert.Equal(1, afterFirst[1].GetProperty("Orders").GetDouble());
        Assert.False(afterFirst[1].TryGetProperty("function_name", out _));

        await harness.Telemetry.RunAsync(MetricsHarness.Invocation("req-2"), _ =>
        {
            harness.Metrics.AddMetric("Orders", 5, MetricUnit.Count);
            return Task.FromResult(0);
        });

        var all = harness.Read();
        Assert.Equal(3, all.Count);
        Assert.Single(all, d => d.TryGetProperty("ColdStart", out _));
        Assert.Equal(5, all[2].GetProperty("Orders").GetDouble());
    }

    [Fact]
    public async Task Cold_start_metric_can_be_turned_off_and_is_never_written_under_provisioned_concurrency()
    {
        using (var harness = MetricsHarness.Lambda(o => o.CaptureColdStart = false))
        {
            await harness.Telemetry.RunAsync(MetricsHarness.Invocation(), _ => Task.FromResult(0));
            Assert.Empty(harness.Read());
        }

        using (var harness = MetricsHarness.Lambda(env: ("AWS_LAMBDA_INITIALIZATION_TYPE", "provisioned-concurrency")))
        {
            await harness.Telemetry.RunAsync(MetricsHarness.Invocation(), _ => Task.FromResult(0));
            Assert.Empty(harness.Read());
        }
    }

    [Fact]
    public void Services_flush_every_interval_on_the_time_provider()
    {
        using var harness = MetricsHarness.Local(o => o.ExportInterval = TimeSpan.FromSeconds(10));
        harness.Metrics.AddMetric("Orders", 1, MetricUnit.Count);
        harness.Time.Advance(TimeSpan.FromSeconds(9));
        Assert.Empty(harness.Read());
        harness.Time.Advance(TimeSpan.FromSeconds(1));
        Assert.Single(harness.Read());
        harness.Metrics.AddMetric("Orders", 2, MetricUnit.Count);
        harness.Time.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal([1.0, 2.0], harness.Read().Select(d => d.GetProperty("Orders").GetDouble()));
    }

    [Fact]
    public async Task A_hosted_service_writes_what_is_left_at_shutdown()
    {
        var output = new CaptureStream();
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddMatCarvObservability(o =>
        {
            o.Output = output;
            o.EnvironmentVariables = MetricsHarness.LocalEnvironment();
        }).WithMetrics(o => o.DefaultDimensions["environment"] = "prod");
        using var host = builder.Build();
        await host.StartAsync();
        host.Services.GetRequiredService<IMetrics>().AddMetric("Orders", 3, MetricUnit.Count);
        await host.StopAsync();

        var document = EmfValidator.AssertValid(Assert.Single(output.Lines(), l => l.Contains("\"_aws\"", StringComparison.Ordinal)));
        Assert.Equal(3, document.GetProperty("Orders").GetDouble());
        Assert.Equal("prod", document.GetProperty("environment").GetString());
    }
}
