using System.Text;
using MatCarv.Observability.Logging;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace MatCarv.Observability.Tests.Logging;

public sealed class HostingTests
{
    private sealed class Checkout;

    [Fact]
    public async Task AddMatCarvLogging_on_a_host_writes_ILogger_T_lines_and_keeps_category_filters()
    {
        var stream = new MemoryStream();
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Logging:LogLevel:Default"] = "Information",
            ["Logging:LogLevel:Noisy"] = "Warning",
        });
        builder.Logging.AddConfiguration(builder.Configuration.GetSection("Logging"));
        builder.Services.AddMatCarvObservability(o =>
        {
            o.Output = stream;
            o.EnvironmentVariables = LogHarness.LocalEnvironment(("POWERTOOLS_LOG_LEVEL", "Debug"));
        });
        builder.Logging.AddMatCarvLogging(o => o.RedactedKeys.Add("iban"), clearExistingProviders: true);
        using var host = builder.Build();
        await host.StartAsync();

        var logger = host.Services.GetRequiredService<ILogger<Checkout>>();
        logger.LogDebug("debug passes MEL's default Information filter {Iban}", "PT50000");
        host.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Noisy").LogInformation("filtered by category");
        host.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Noisy").LogWarning("kept by category");
        await host.StopAsync();

        var lines = Encoding.UTF8.GetString(stream.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(LogHarness.Parse).ToList();
        var debug = Assert.Single(lines, l => l.GetProperty("name").GetString() == typeof(Checkout).FullName!.Replace('+', '.'));
        Assert.Equal("Debug", debug.GetProperty("level").GetString());
        Assert.Equal("[REDACTED]", debug.GetProperty("iban").GetString());
        Assert.Equal(["kept by category"], lines.Where(l => l.GetProperty("name").GetString() == "Noisy").Select(l => l.GetProperty("message").GetString()));
    }

    [Fact]
    public void AddMatCarvObservability_registers_the_provider_once_even_with_AddMatCarvLogging_and_WithLogging()
    {
        var services = new ServiceCollection();
        services.AddMatCarvObservability(o => o.Output = new MemoryStream()).WithLogging();
        services.AddLogging(b => b.AddMatCarvLogging());
        Assert.Single(services, d => d.ServiceType == typeof(ILoggerProvider) && d.ImplementationType == typeof(MatCarvLoggerProvider));
        using var provider = services.BuildServiceProvider();
        Assert.IsType<MatCarvLoggerProvider>(Assert.Single(provider.GetServices<ILoggerProvider>()));
    }
}
