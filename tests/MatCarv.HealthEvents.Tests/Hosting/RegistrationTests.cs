using Amazon.Runtime;
using MatCarv.HealthEvents.Tests.Infrastructure;
using MatCarv.HealthEvents.Tests.Transport;
using MatCarv.Observability.Lambda;
using MatCarv.Observability.Tests.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace MatCarv.HealthEvents.Tests.Hosting;

public sealed class RegistrationTests
{
    [Theory]
    [InlineData("aws.health")]
    [InlineData("AWS.custom")]
    public void A_source_starting_with_aws_fails_Lambda_start_up_naming_the_setting(string source)
    {
        var error = Assert.Throws<OptionsValidationException>(() => MatCarvLambda.Create(
            o => o.EnvironmentVariables = TestStack.DefaultEnvironment(),
            b => b.WithHealthEvents(h => h.Source = source)));
        Assert.Contains("HealthEventsOptions.Source", error.Message, StringComparison.Ordinal);
        Assert.Contains("aws.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_source_from_the_environment_starting_with_aws_fails_naming_the_variable()
    {
        var env = TestStack.DefaultEnvironment();
        env["MATCARV_HEALTH_EVENTS_SOURCE"] = "aws.events";
        var error = Assert.Throws<OptionsValidationException>(() => MatCarvLambda.Create(o => o.EnvironmentVariables = env, b => b.WithHealthEvents()));
        Assert.Contains("MATCARV_HEALTH_EVENTS_SOURCE", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Invalid_limits_and_endpoint_variables_fail_at_start_up_each_named()
    {
        var env = TestStack.DefaultEnvironment();
        env["AWS_ENDPOINT_URL_EVENTBRIDGE"] = "not a url";
        var error = Assert.Throws<OptionsValidationException>(() => MatCarvLambda.Create(
            o => o.EnvironmentVariables = env,
            b => b.WithHealthEvents(h =>
            {
                h.QueueCapacity = 0;
                h.StatusChangedDetailType = new string('x', 129);
            })));
        Assert.Contains("HealthEventsOptions.QueueCapacity", error.Message, StringComparison.Ordinal);
        Assert.Contains("HealthEventsOptions.StatusChangedDetailType", error.Message, StringComparison.Ordinal);
        Assert.Contains("AWS_ENDPOINT_URL_EVENTBRIDGE", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_generic_host_rejects_an_aws_source_when_it_starts()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddMatCarvObservability(o => o.EnvironmentVariables = TestStack.DefaultEnvironment()).WithHealthEvents(h => h.Source = "aws.x");
        using var host = builder.Build();
        await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());
    }

    [Fact]
    public async Task Generic_host_graceful_shutdown_flushes_queued_events()
    {
        await using var server = await FakeEventBridge.StartAsync();
        var gate = new TaskCompletionSource();
        server.NextStall(gate.Task);
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddMatCarvObservability(o =>
        {
            o.EnvironmentVariables = TestStack.DefaultEnvironment();
            o.Output = new CaptureStream();
            o.ShutdownFlushTimeout = TimeSpan.FromSeconds(20);
        }).WithHealthEvents(TestStack.ForServer(server));
        using var host = builder.Build();
        await host.StartAsync();
        var publisher = host.Services.GetRequiredService<IHealthEventPublisher>();
        publisher.TryPublish(new HealthEvent(HealthStatus.Unhealthy, "db down"));
        await EventBridgeDeliveryTests.WaitUntil(() => server.Requests.Count == 1);
        for (int i = 0; i < 30; i++)
        {
            publisher.TryPublish(new HealthEvent(HealthStatus.Degraded, "still " + i));
        }

        Assert.Empty(server.Accepted);
        gate.SetResult();
        await host.StopAsync();

        Assert.Equal(31, server.Accepted.Count);
    }

    [Fact]
    public async Task Endpoint_credentials_and_region_come_from_the_standard_AWS_environment_variables()
    {
        await using var server = await FakeEventBridge.StartAsync();
        var env = TestStack.DefaultEnvironment();
        env["AWS_ENDPOINT_URL_EVENTBRIDGE"] = server.Url.ToString();
        env["AWS_ENDPOINT_URL"] = "http://127.0.0.1:1/"; // the service-specific variable wins
        env["AWS_ACCESS_KEY_ID"] = FakeEventBridge.AccessKey;
        env["AWS_SECRET_ACCESS_KEY"] = FakeEventBridge.SecretKey;
        env["AWS_SESSION_TOKEN"] = FakeEventBridge.SessionToken;
        env["AWS_REGION"] = FakeEventBridge.Region;
        env["MATCARV_HEALTH_EVENTS_BUS"] = "aiops-bus";
        await using var stack = TestStack.Create(o => o.Source = "com.acme.health", env);
        stack.Publisher.TryPublish(new HealthEvent(HealthStatus.Unhealthy, "db down"));
        await stack.Lambda.FlushAsync(TimeSpan.FromSeconds(10));

        Assert.Single(server.Accepted);
        Assert.Equal(0, server.SignatureFailures);
        Assert.Equal("aiops-bus", server.Requests[0].Entries()[0].GetProperty("EventBusName").GetString());
        Assert.Empty(stack.Output.Warnings());
    }

    [Fact]
    public async Task Without_credentials_events_go_to_stdout_as_json_lines_announced_once()
    {
        var env = TestStack.DefaultEnvironment();
        env["AWS_REGION"] = "eu-west-1";
        await using var stack = TestStack.Create(null, env);
        stack.Publisher.TryPublish(new HealthEvent(HealthStatus.Unhealthy, "db down"));
        stack.Publisher.TryPublish(new HealthEvent(HealthStatus.Healthy, "db back"));
        await stack.Lambda.FlushAsync(TimeSpan.FromSeconds(10));

        var lines = stack.Output.EventLines();
        Assert.Equal(2, lines.Length);
        Assert.Equal("com.matcarv.health", lines[0].GetProperty("source").GetString());
        Assert.Equal("Service Health Status Changed", lines[0].GetProperty("detail-type").GetString());
        Assert.Equal("eu-west-1", lines[0].GetProperty("region").GetString());
        HealthEventSchema.AssertValid(lines[0].GetProperty("detail"));
        HealthEventSchema.AssertValid(lines[1].GetProperty("detail"));
        Assert.Equal("Unhealthy", lines[1].GetProperty("detail").GetProperty("previousStatus").GetString());
        var warning = Assert.Single(stack.Output.Warnings());
        Assert.Contains("stdout", warning, StringComparison.Ordinal);
        Assert.Contains("no AWS credentials", warning, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_a_region_events_go_to_stdout_even_with_credentials()
    {
        await using var stack = TestStack.Create(o => o.Credentials = new BasicAWSCredentials("a", "b"));
        stack.Publisher.TryPublish(new HealthEvent(HealthStatus.Degraded));
        await stack.Lambda.FlushAsync(TimeSpan.FromSeconds(10));

        Assert.Single(stack.Output.EventLines());
        Assert.Contains(stack.Output.Warnings(), w => w.Contains("no AWS region", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Stdout_transport_chosen_explicitly_never_touches_the_network()
    {
        await using var server = await FakeEventBridge.StartAsync();
        await using var stack = TestStack.Create(TestStack.ForServer(server, o => o.Transport = HealthEventsTransport.Stdout));
        stack.Publisher.TryPublish(new HealthEvent(HealthStatus.Unhealthy));
        await stack.Lambda.FlushAsync(TimeSpan.FromSeconds(10));

        Assert.Single(stack.Output.EventLines());
        Assert.Empty(server.Requests);
        Assert.Contains(stack.Output.Warnings(), w => w.Contains("Transport = Stdout", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Required_EventBridge_without_credentials_drops_and_counts_instead_of_printing()
    {
        var env = TestStack.DefaultEnvironment();
        env["AWS_REGION"] = "eu-west-1";
        env["MATCARV_HEALTH_EVENTS_TRANSPORT"] = "eventbridge";
        await using var stack = TestStack.Create(null, env);
        stack.Publisher.TryPublish(new HealthEvent(HealthStatus.Unhealthy));
        await stack.Lambda.FlushAsync(TimeSpan.FromSeconds(10));

        Assert.Empty(stack.Output.EventLines());
        Assert.Equal(1, stack.DropCount("health_events", "no_aws_configuration"));
    }
}
