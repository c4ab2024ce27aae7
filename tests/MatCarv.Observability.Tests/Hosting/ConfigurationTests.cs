using System.Globalization;
using System.Reflection;
using System.Text;
using System.Text.Json;
using MatCarv.Observability.Context;
using MatCarv.Observability.Hosting.Configuration;
using MatCarv.Observability.Lambda;
using MatCarv.Observability.Logging;
using MatCarv.Observability.Metrics;
using MatCarv.Observability.Tracing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MatCarv.Observability.Tests.Hosting;

/// <summary>
/// The <c>MatCarv</c> configuration section, read from real JSON files through <see cref="ConfigurationBuilder"/> and a real
/// host: every key, the precedence against code and the Powertools/AWS environment variables, and start-up errors that
/// name the key.
/// </summary>
public sealed class ConfigurationTests : IDisposable
{
    private static readonly Dictionary<string, string?> LambdaEnvironment = new()
    {
        ["AWS_LAMBDA_FUNCTION_NAME"] = "orders-fn",
        ["AWS_LAMBDA_FUNCTION_VERSION"] = "7",
        ["AWS_REGION"] = "eu-west-1",
    };

    private readonly string _directory = Directory.CreateTempSubdirectory("matcarv-config-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task Lambda_reads_the_section_from_appsettings_json_and_writes_with_it()
    {
        var configuration = Json("""
            {
              "MatCarv": {
                "ServiceName": "orders",
                "Metrics": { "Namespace": "Shop/Orders", "DefaultDimensions": { "tier": "gold" }, "CaptureColdStart": false },
                "Logging": { "MinimumLevel": "Debug" }
              }
            }
            """);
        var output = new MemoryStream();
        await using (var telemetry = MatCarvLambda.Create(configuration, o => UseTestIo(o, output, LambdaEnvironment)))
        {
            await using var scope = telemetry.BeginInvocation(new LambdaInvocation("req-1"));
            telemetry.CreateLogger<ConfigurationTests>().LogDebug("debug line");
            telemetry.Metrics.AddMetric("Placed", 1, MetricUnit.Count);
        }

        var lines = Lines(output);
        var log = Assert.Single(lines, l => l.RootElement.TryGetProperty("message", out var m) && m.GetString() == "debug line");
        Assert.Equal("orders", log.RootElement.GetProperty("service").GetString());
        var emf = Assert.Single(lines, l => l.RootElement.TryGetProperty("_aws", out _));
        var directive = emf.RootElement.GetProperty("_aws").GetProperty("CloudWatchMetrics")[0];
        Assert.Equal("Shop/Orders", directive.GetProperty("Namespace").GetString());
        Assert.Equal("gold", emf.RootElement.GetProperty("tier").GetString());
        Assert.Equal("orders", emf.RootElement.GetProperty("service").GetString());
    }

    [Fact]
    public async Task Host_application_builder_reads_appsettings_json_of_its_content_root()
    {
        File.WriteAllText(Path.Combine(_directory, "appsettings.json"), """
            {
              "MatCarv": {
                "ServiceName": "billing",
                "OutputFlushInterval": "00:00:00.250",
                "Metrics": { "Namespace": "Shop/Billing", "ExportInterval": "00:00:30", "Meters": [ "Billing.*" ] },
                "Tracing": { "SamplingRate": 0.5, "Sources": [ "Billing" ] }
              }
            }
            """);
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { ContentRootPath = _directory, Args = [] });
        builder.AddMatCarvObservability(o => UseTestIo(o, new MemoryStream(), new Dictionary<string, string?>()));
        using var host = builder.Build();
        await host.StartAsync();
        try
        {
            var shared = host.Services.GetRequiredService<IOptions<MatCarvObservabilityOptions>>().Value;
            var metrics = host.Services.GetRequiredService<IOptions<MatCarvMetricsOptions>>().Value;
            var tracing = host.Services.GetRequiredService<IOptions<MatCarvTracingOptions>>().Value;
            Assert.Equal("billing", shared.ServiceName);
            Assert.Equal(TimeSpan.FromMilliseconds(250), shared.OutputFlushInterval);
            Assert.Equal("Shop/Billing", metrics.Namespace);
            Assert.Equal(TimeSpan.FromSeconds(30), metrics.ExportInterval);
            Assert.Equal(["Billing.*"], metrics.Meters);
            Assert.Equal(0.5, tracing.SamplingRate);
            Assert.Equal(["Billing"], tracing.Sources);
            Assert.Equal("billing", host.Services.GetRequiredService<MatCarvTelemetry>().Identity.Name);
        }
        finally
        {
            await host.StopAsync();
        }
    }

    [Fact]
    public void Section_wins_over_the_powertools_variables_and_code_wins_over_the_section()
    {
        var environment = new Dictionary<string, string?>
        {
            ["POWERTOOLS_SERVICE_NAME"] = "from-env",
            ["POWERTOOLS_METRICS_NAMESPACE"] = "FromEnv",
            ["POWERTOOLS_METRICS_FUNCTION_NAME"] = "fn-from-env",
        };
        var configuration = Json("""{ "MatCarv": { "ServiceName": "from-config", "Metrics": { "Namespace": "FromConfig", "CardinalityLimit": 10 } } }""");
        var services = new ServiceCollection();

        // Registered before the section: code must still win (the binding runs first whatever the call order).
        services.Configure<MatCarvMetricsOptions>(o => o.CardinalityLimit = 20);
        services.AddMatCarvObservability(configuration, o => UseTestIo(o, new MemoryStream(), environment));
        using var provider = services.BuildServiceProvider();

        var runtime = provider.GetRequiredService<TelemetryRuntime>();
        var settings = provider.GetRequiredService<MetricsSettings>();
        Assert.Equal("from-config", runtime.Identity.Name);
        Assert.Equal("FromConfig", settings.Namespace);
        Assert.Equal(20, settings.CardinalityLimit);
        Assert.Equal("fn-from-env", settings.FunctionName);
    }

    [Fact]
    public void Powertools_variables_fill_what_the_section_leaves_unset()
    {
        var environment = new Dictionary<string, string?> { ["POWERTOOLS_SERVICE_NAME"] = "from-env", ["POWERTOOLS_METRICS_NAMESPACE"] = "FromEnv" };
        var configuration = Json("""{ "MatCarv": { "Metrics": { "CardinalityLimit": 10 } } }""");
        var services = new ServiceCollection();
        services.AddMatCarvObservability(configuration, o => UseTestIo(o, new MemoryStream(), environment));
        using var provider = services.BuildServiceProvider();

        Assert.Equal("from-env", provider.GetRequiredService<TelemetryRuntime>().Identity.Name);
        Assert.Equal("FromEnv", provider.GetRequiredService<MetricsSettings>().Namespace);
        Assert.Equal(10, provider.GetRequiredService<MetricsSettings>().CardinalityLimit);
    }

    [Fact]
    public async Task Lambda_log_level_and_the_powertools_sample_rate_win_over_the_section()
    {
        var environment = new Dictionary<string, string?>(LambdaEnvironment)
        {
            ["AWS_LAMBDA_LOG_LEVEL"] = "WARN",
            ["AWS_LAMBDA_LOG_FORMAT"] = "JSON",
        };
        var configuration = Json("""{ "MatCarv": { "Logging": { "MinimumLevel": "Debug" } } }""");
        var output = new MemoryStream();
        await using (var telemetry = MatCarvLambda.Create(configuration, o => UseTestIo(o, output, environment)))
        {
            await using var scope = telemetry.BeginInvocation(new LambdaInvocation("req-1"));
            var logger = telemetry.CreateLogger<ConfigurationTests>();
            logger.LogInformation("info line");
            logger.LogWarning("warn line");
        }

        var messages = Lines(output).Select(l => l.RootElement.TryGetProperty("message", out var m) ? m.GetString() : null).ToList();
        Assert.Contains("warn line", messages);
        Assert.DoesNotContain("info line", messages);

        var sampled = new Dictionary<string, string?> { ["POWERTOOLS_LOGGER_SAMPLE_RATE"] = "1" };
        var services = new ServiceCollection();
        services.AddMatCarvObservability(Json("""{ "MatCarv": { "Logging": { "SamplingRate": 0 } } }"""), o => UseTestIo(o, new MemoryStream(), sampled));
        using var provider = services.BuildServiceProvider();
        Assert.Equal(1.0, LoggerSettings.Resolve(provider.GetRequiredService<IOptions<MatCarvLoggerOptions>>().Value, provider.GetRequiredService<TelemetryRuntime>().Environment).SamplingRate);
    }

    [Theory]
    [InlineData("""{ "MatCarv": { "Metrics": { "Namespace": "AWS/Mine" } } }""", "MatCarv:Metrics:Namespace")]
    [InlineData("""{ "MatCarv": { "Metrics": { "ExportInterval": "soon" } } }""", "MatCarv:Metrics:ExportInterval")]
    [InlineData("""{ "MatCarv": { "Metrics": { "Namspace": "Shop" } } }""", "'MatCarv:Metrics'")]
    [InlineData("""{ "MatCarv": { "OutputFlushInterval": "00:00:00" } }""", "MatCarv:OutputFlushInterval")]
    [InlineData("""{ "MatCarv": { "MaxBufferedOutputBytes": "lots" } }""", "MatCarv:MaxBufferedOutputBytes")]
    [InlineData("""{ "MatCarv": { "Metric": { "Namespace": "Shop" } } }""", "'Metric' is not a MatCarv setting")]
    [InlineData("""{ "MatCarv": { "ExecutionEnvironment": "Mars" } }""", "MatCarv:ExecutionEnvironment")]
    [InlineData("""{ "MatCarv": { "HealthEvents": { "Source": "com.acme" } } }""", "'HealthEvents' is not a MatCarv setting")]
    [InlineData("""{ "MatCarv": { "Logging": { "MinimumLevel": "Loud" } } }""", "MatCarv:Logging:MinimumLevel")]
    [InlineData("""{ "MatCarv": { "Logging": { "Buffering": { "Enabled": true, "MaxBytes": 10 } } } }""", "MatCarv:Logging:Buffering:MaxBytes")]
    [InlineData("""{ "MatCarv": { "Tracing": { "DaemonAddress": "not an address" } } }""", "MatCarv:Tracing:DaemonAddress")]
    [InlineData("""{ "MatCarv": { "Tracing": { "QueueCapacity": 1 } } }""", "MatCarv:Tracing:QueueCapacity")]
    public void A_bad_value_fails_lambda_start_up_naming_the_key(string json, string expected)
    {
        var configuration = Json(json);
        var error = Assert.ThrowsAny<Exception>(() => MatCarvLambda.Create(configuration, o => UseTestIo(o, new MemoryStream(), LambdaEnvironment)));
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_bad_value_fails_host_start_up_naming_the_key()
    {
        File.WriteAllText(Path.Combine(_directory, "appsettings.json"), """{ "MatCarv": { "Metrics": { "Namespace": "AWS/Mine" } } }""");
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { ContentRootPath = _directory, Args = [] });
        builder.AddMatCarvObservability(o => UseTestIo(o, new MemoryStream(), new Dictionary<string, string?>()));
        using var host = builder.Build();
        var error = await Assert.ThrowsAnyAsync<Exception>(() => host.StartAsync());
        Assert.Contains("MatCarv:Metrics:Namespace", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Environment_variables_of_the_host_override_appsettings_json_under_the_same_key()
    {
        // .NET's own layering: MatCarv__Metrics__Namespace (an environment-variables source added after the JSON file) wins.
        var configuration = new ConfigurationBuilder()
            .AddJsonStream(new MemoryStream(Encoding.UTF8.GetBytes("""{ "MatCarv": { "Metrics": { "Namespace": "FromJson" } } }""")))
            .AddInMemoryCollection(new Dictionary<string, string?> { ["MatCarv:Metrics:Namespace"] = "FromLaterSource" })
            .Build();
        var services = new ServiceCollection();
        services.AddMatCarvObservability(configuration, o => UseTestIo(o, new MemoryStream(), new Dictionary<string, string?>()));
        using var provider = services.BuildServiceProvider();
        Assert.Equal("FromLaterSource", provider.GetRequiredService<MetricsSettings>().Namespace);
    }

    [Fact]
    public void Renamed_intervals_keep_their_old_names_as_forwarders()
    {
#pragma warning disable CS0618 // the point of the test
        var shared = new MatCarvObservabilityOptions { FlushInterval = TimeSpan.FromSeconds(3) };
        var metrics = new MatCarvMetricsOptions { FlushInterval = TimeSpan.FromSeconds(90) };
#pragma warning restore CS0618
        Assert.Equal(TimeSpan.FromSeconds(3), shared.OutputFlushInterval);
        Assert.Equal(TimeSpan.FromSeconds(90), metrics.ExportInterval);
    }

    /// <summary>
    /// Every data setting of every built-in options type is bound by the generated binder (a property it skipped, for a type it
    /// does not support, would keep its default here): a distinct non-default value per property, read back.
    /// </summary>
    [Fact]
    public void The_generated_binder_binds_every_data_setting()
    {
        AssertBindsEveryScalar<MatCarvLoggerOptions>(SignalConfiguration.BindLogging);
        AssertBindsEveryScalar<MatCarvMetricsOptions>(SignalConfiguration.BindMetrics);
        AssertBindsEveryScalar<MatCarvTracingOptions>(SignalConfiguration.BindTracing);
        AssertBindsEveryScalar<LogBufferingOptions>((section, options) => SignalConfiguration.BindLogging(section.GetSection("Wrapper"), new MatCarvLoggerOptions()), nested: true);

        var root = Json("""
            {
              "ServiceName": "s", "ServiceNamespace": "n", "Environment": "prod", "ServiceVersion": "1.2", "Region": "eu-west-3",
              "ExecutionEnvironment": "Ecs", "OutputFlushInterval": "00:00:02", "MaxBufferedOutputBytes": 70000,
              "ShutdownFlushTimeout": "00:00:07", "LambdaFlushMargin": "00:00:00.050", "LambdaFlushTimeout": "00:00:03"
            }
            """);
        var options = new MatCarvObservabilityOptions();
        CoreConfiguration.Bind(root, options, new MatCarvConfigurationSource(root.GetSection("unused")));
        Assert.Equal(("s", "n", "prod", "1.2", "eu-west-3"), (options.ServiceName, options.ServiceNamespace, options.Environment, options.ServiceVersion, options.Region));
        Assert.Equal(ExecutionEnvironmentKind.Ecs, options.ExecutionEnvironment);
        Assert.Equal(TimeSpan.FromSeconds(2), options.OutputFlushInterval);
        Assert.Equal(70000, options.MaxBufferedOutputBytes);
        Assert.Equal(TimeSpan.FromSeconds(7), options.ShutdownFlushTimeout);
        Assert.Equal(TimeSpan.FromMilliseconds(50), options.LambdaFlushMargin);
        Assert.Equal(TimeSpan.FromSeconds(3), options.LambdaFlushTimeout);
    }

    private static void AssertBindsEveryScalar<TOptions>(Action<IConfiguration, TOptions> bind, bool nested = false)
        where TOptions : class, new()
    {
        var values = new Dictionary<string, string?>();
        var expected = new Dictionary<PropertyInfo, object>();
        var defaults = new TOptions();
        foreach (var property in typeof(TOptions).GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.SetMethod is not { IsPublic: true } || property.GetCustomAttribute<ObsoleteAttribute>() is not null
                || DistinctValue(property, property.GetValue(defaults)) is not { } value)
            {
                continue;
            }

            values[property.Name] = Convert.ToString(value, CultureInfo.InvariantCulture);
            expected[property] = value;
        }

        Assert.NotEmpty(expected);
        if (nested)
        {
            // LogBufferingOptions is get-only on the logger options: bind it through its parent.
            var logger = new MatCarvLoggerOptions();
            SignalConfiguration.BindLogging(new ConfigurationBuilder().AddInMemoryCollection(values.ToDictionary(p => "Buffering:" + p.Key, p => p.Value)).Build(), logger);
            foreach (var (property, value) in expected)
            {
                Assert.Equal(value, property.GetValue(logger.Buffering));
            }

            return;
        }

        var target = new TOptions();
        bind(new ConfigurationBuilder().AddInMemoryCollection(values).Build(), target);
        foreach (var (property, value) in expected)
        {
            Assert.True(Equals(value, property.GetValue(target)), $"{typeof(TOptions).Name}.{property.Name} was not bound from configuration.");
        }
    }

    private static object? DistinctValue(PropertyInfo property, object? current)
    {
        var type = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
        return type switch
        {
            _ when type == typeof(string) => "value-of-" + property.Name,
            _ when type == typeof(bool) => !(current as bool? ?? false),
            _ when type == typeof(int) => (current as int? ?? 0) + 7,
            _ when type == typeof(double) => (current as double? ?? 0) == 0.25 ? 0.75 : 0.25,
            _ when type == typeof(TimeSpan) => (current as TimeSpan? ?? TimeSpan.Zero) + TimeSpan.FromMilliseconds(1234),
            _ when type.IsEnum => Enum.GetValues(type).Cast<object>().Last(v => !Equals(v, current)),
            _ => null,
        };
    }

    private static void UseTestIo(MatCarvObservabilityOptions options, Stream output, IReadOnlyDictionary<string, string?> environment)
    {
        options.Output = output;
        options.EnvironmentVariables = environment;
    }

    private IConfiguration Json(string json)
    {
        var path = Path.Combine(_directory, $"appsettings.{Guid.NewGuid():N}.json");
        File.WriteAllText(path, json);
        return new ConfigurationBuilder().AddJsonFile(path, optional: false).Build();
    }

    private static List<JsonDocument> Lines(MemoryStream output) =>
        Encoding.UTF8.GetString(output.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l)).ToList();
}
