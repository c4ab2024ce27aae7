using MatCarv.HealthEvents.Tests.Infrastructure;
using MatCarv.Observability.Lambda;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace MatCarv.HealthEvents.Tests.Hosting;

/// <summary><c>MatCarv:HealthEvents</c> from a real JSON file: bound by <c>WithHealthEvents</c>, code wins, errors name the key.</summary>
public sealed class ConfigurationTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("matcarv-he-config-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void The_section_is_bound_and_code_wins_over_it()
    {
        var configuration = Json("""
            {
              "MatCarv": {
                "HealthEvents": {
                  "Source": "com.acme.orders", "EventBusName": "ops", "Region": "eu-west-3",
                  "HeartbeatInterval": "00:01:00", "Resources": [ "arn:aws:ecs:eu-west-3:123456789012:service/orders" ],
                  "QueueCapacity": 64
                }
              }
            }
            """);
        var services = new ServiceCollection();
        services.AddMatCarvObservability(configuration, o => o.EnvironmentVariables = TestStack.DefaultEnvironment())
            .WithHealthEvents(h => h.QueueCapacity = 128);
        using var provider = services.BuildServiceProvider();
        var options = provider.GetRequiredService<IOptions<HealthEventsOptions>>().Value;
        Assert.Equal("com.acme.orders", options.Source);
        Assert.Equal("ops", options.EventBusName);
        Assert.Equal("eu-west-3", options.Region);
        Assert.Equal(TimeSpan.FromMinutes(1), options.HeartbeatInterval);
        Assert.Equal(["arn:aws:ecs:eu-west-3:123456789012:service/orders"], options.Resources);
        Assert.Equal(128, options.QueueCapacity);
    }

    [Theory]
    [InlineData("""{ "MatCarv": { "HealthEvents": { "QueueCapacity": 0 } } }""", "MatCarv:HealthEvents:QueueCapacity")]
    [InlineData("""{ "MatCarv": { "HealthEvents": { "Source": "aws.health" } } }""", "MatCarv:HealthEvents:Source")]
    [InlineData("""{ "MatCarv": { "HealthEvents": { "RequestTimeout": "ten seconds" } } }""", "MatCarv:HealthEvents:RequestTimeout")]
    [InlineData("""{ "MatCarv": { "HealthEvents": { "Sorce": "com.acme" } } }""", "'MatCarv:HealthEvents'")]
    public void A_bad_value_fails_lambda_start_up_naming_the_key(string json, string expected)
    {
        var configuration = Json(json);
        var error = Assert.ThrowsAny<Exception>(() => MatCarvLambda.Create(
            configuration,
            o => o.EnvironmentVariables = TestStack.DefaultEnvironment(),
            b => b.WithHealthEvents()));
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    private IConfiguration Json(string json)
    {
        var path = Path.Combine(_directory, $"appsettings.{Guid.NewGuid():N}.json");
        File.WriteAllText(path, json);
        return new ConfigurationBuilder().AddJsonFile(path, optional: false).Build();
    }
}
