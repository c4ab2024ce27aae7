using MatCarv.HealthEvents.Tests.Infrastructure;
using MatCarv.Observability.Tests.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Time.Testing;

namespace MatCarv.HealthEvents.Tests.HealthChecks;

public sealed class HealthCheckEventPublisherTests
{
    private static HealthReport Report(HealthStatus db, HealthStatus cache = HealthStatus.Healthy) => new(
        new Dictionary<string, HealthReportEntry>
        {
            ["db"] = new(db, db == HealthStatus.Healthy ? "ok" : "connection refused", TimeSpan.FromMilliseconds(12), db == HealthStatus.Healthy ? null : new TimeoutException("secret host db-1.internal"), null, ["critical"]),
            ["cache"] = new(cache, null, TimeSpan.FromMilliseconds(3), null, null),
        },
        TimeSpan.FromMilliseconds(15));

    private static async Task<(TestStack Stack, IHealthCheckPublisher Publisher, FakeTimeProvider Time)> CreateAsync(Action<HealthEventsOptions>? configure = null)
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 26, 12, 0, 0, TimeSpan.Zero));
        var stack = TestStack.Create(o =>
        {
            o.Transport = HealthEventsTransport.Stdout;
            configure?.Invoke(o);
        }, time: time);
        await Task.CompletedTask;
        var publisher = stack.Lambda.Services.GetServices<IHealthCheckPublisher>().Single();
        return (stack, publisher, time);
    }

    private static async Task<System.Text.Json.JsonElement[]> Events(TestStack stack)
    {
        await stack.Lambda.FlushAsync(TimeSpan.FromSeconds(10));
        return stack.Output.EventLines();
    }

    [Fact]
    public async Task First_report_is_published_and_unchanged_polls_publish_nothing()
    {
        var (stack, publisher, time) = await CreateAsync();
        await using var owned = stack;
        for (int i = 0; i < 10; i++)
        {
            await publisher.PublishAsync(Report(HealthStatus.Healthy), CancellationToken.None);
            time.Advance(TimeSpan.FromSeconds(30));
        }

        var events = await Events(stack);
        var only = Assert.Single(events);
        HealthEventSchema.AssertValid(only.GetProperty("detail"));
        Assert.Equal("Healthy", only.GetProperty("detail").GetProperty("status").GetString());
        Assert.False(only.GetProperty("detail").TryGetProperty("previousStatus", out _));
    }

    [Fact]
    public async Task A_single_deviating_report_is_debounced_away()
    {
        var (stack, publisher, _) = await CreateAsync();
        await using var owned = stack;
        await publisher.PublishAsync(Report(HealthStatus.Healthy), CancellationToken.None);
        await publisher.PublishAsync(Report(HealthStatus.Unhealthy), CancellationToken.None);
        await publisher.PublishAsync(Report(HealthStatus.Healthy), CancellationToken.None);
        await publisher.PublishAsync(Report(HealthStatus.Degraded, HealthStatus.Degraded), CancellationToken.None);
        await publisher.PublishAsync(Report(HealthStatus.Healthy), CancellationToken.None);

        Assert.Single(await Events(stack));
    }

    [Fact]
    public async Task A_status_held_for_the_debounce_count_is_published_once_with_previous_status_reason_and_checks()
    {
        var (stack, publisher, _) = await CreateAsync();
        await using var owned = stack;
        await publisher.PublishAsync(Report(HealthStatus.Healthy), CancellationToken.None);
        for (int i = 0; i < 5; i++)
        {
            await publisher.PublishAsync(Report(HealthStatus.Unhealthy), CancellationToken.None);
        }

        await publisher.PublishAsync(Report(HealthStatus.Healthy), CancellationToken.None);
        await publisher.PublishAsync(Report(HealthStatus.Healthy), CancellationToken.None);

        var events = await Events(stack);
        Assert.Equal(3, events.Length);
        var down = events[1].GetProperty("detail");
        HealthEventSchema.AssertValid(down);
        Assert.Equal("Unhealthy", down.GetProperty("status").GetString());
        Assert.Equal("Healthy", down.GetProperty("previousStatus").GetString());
        Assert.Equal("db is Unhealthy: connection refused", down.GetProperty("reason").GetString());
        var db = down.GetProperty("checks").EnumerateArray().Single(c => c.GetProperty("name").GetString() == "db");
        Assert.Equal("System.TimeoutException", db.GetProperty("exceptionType").GetString());
        Assert.DoesNotContain("db-1.internal", events[1].GetRawText(), StringComparison.Ordinal); // no exception messages
        Assert.Equal("critical", db.GetProperty("tags")[0].GetString());
        var up = events[2].GetProperty("detail");
        Assert.Equal("Healthy", up.GetProperty("status").GetString());
        Assert.Equal("Unhealthy", up.GetProperty("previousStatus").GetString());
        Assert.Equal("closed", up.GetProperty("statusCode").GetString());
    }

    [Fact]
    public async Task A_heartbeat_repeats_the_status_once_per_interval()
    {
        var (stack, publisher, time) = await CreateAsync(o => o.HeartbeatInterval = TimeSpan.FromMinutes(5));
        await using var owned = stack;
        for (int i = 0; i < 40; i++) // 20 minutes of 30-second polls
        {
            await publisher.PublishAsync(Report(HealthStatus.Degraded), CancellationToken.None);
            time.Advance(TimeSpan.FromSeconds(30));
        }

        var events = await Events(stack);
        Assert.Equal(4, events.Length); // the first observation, then heartbeats at 5, 10 and 15 minutes
        Assert.Equal("Service Health Status Changed", events[0].GetProperty("detail-type").GetString());
        Assert.All(events.Skip(1), e =>
        {
            Assert.Equal("Service Health Heartbeat", e.GetProperty("detail-type").GetString());
            Assert.Equal("heartbeat", e.GetProperty("detail").GetProperty("kind").GetString());
            HealthEventSchema.AssertValid(e.GetProperty("detail"));
        });
    }

    [Fact]
    public async Task A_report_that_cannot_be_mapped_is_counted_and_never_thrown_to_the_health_check_service()
    {
        var (stack, publisher, _) = await CreateAsync();
        await using var owned = stack;
        var odd = new HealthReport(new Dictionary<string, HealthReportEntry> { [string.Empty] = new(HealthStatus.Unhealthy, null, TimeSpan.Zero, null, null) }, TimeSpan.Zero);

        await publisher.PublishAsync(odd, CancellationToken.None);

        Assert.Equal(1, stack.DropCount("health_events", "health_report_unmapped"));
        Assert.Empty(await Events(stack));
    }

    [Fact]
    public async Task In_a_generic_host_the_health_check_publisher_service_drives_the_events()
    {
        var output = new CaptureStream();
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder();
        builder.Services.AddMatCarvObservability(o =>
        {
            o.EnvironmentVariables = TestStack.DefaultEnvironment();
            o.Output = output;
            o.OutputFlushInterval = TimeSpan.FromMilliseconds(20);
        }).WithHealthEvents(o => o.Transport = HealthEventsTransport.Stdout);
        builder.Services.AddHealthChecks().AddCheck("db", () => HealthCheckResult.Degraded("slow"));
        builder.Services.Configure<HealthCheckPublisherOptions>(o => o.Delay = TimeSpan.Zero);
        using var host = builder.Build();
        await host.StartAsync();
        await Transport.EventBridgeDeliveryTests.WaitUntil(() => output.EventLines().Length > 0);
        await host.StopAsync();

        var line = Assert.Single(output.EventLines());
        Assert.Equal("Degraded", line.GetProperty("detail").GetProperty("status").GetString());
        Assert.Equal("db is Degraded: slow", line.GetProperty("detail").GetProperty("reason").GetString());
    }

    [Fact]
    public async Task Reports_of_the_real_health_check_service_flow_through_the_registered_publisher()
    {
        var services = new ServiceCollection();
        var output = new CaptureStream();
        services.AddMatCarvObservability(o =>
        {
            o.EnvironmentVariables = TestStack.DefaultEnvironment();
            o.Output = output;
        }).WithHealthEvents(o => o.Transport = HealthEventsTransport.Stdout);
        services.AddHealthChecks().AddCheck("db", () => HealthCheckResult.Unhealthy("down"));
        await using var provider = services.BuildServiceProvider();
        foreach (var hosted in provider.GetServices<Microsoft.Extensions.Hosting.IHostedService>())
        {
            await hosted.StartAsync(CancellationToken.None);
        }

        var report = await provider.GetRequiredService<HealthCheckService>().CheckHealthAsync();
        foreach (var publisher in provider.GetServices<IHealthCheckPublisher>())
        {
            await publisher.PublishAsync(report, CancellationToken.None);
        }

        await provider.GetRequiredService<MatCarv.Observability.MatCarvTelemetry>().FlushAsync(TimeSpan.FromSeconds(10));
        var line = Assert.Single(output.EventLines());
        Assert.Equal("db is Unhealthy: down", line.GetProperty("detail").GetProperty("reason").GetString());
    }
}
