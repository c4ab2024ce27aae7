using MatCarv.Observability.Lambda;
using MatCarv.Observability.Logging;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MatCarv.Observability.Tests.Logging;

public sealed class ConfigurationTests
{
    private static List<string> LevelsWritten(LogHarness harness)
    {
        foreach (var level in new[] { LogLevel.Trace, LogLevel.Debug, LogLevel.Information, LogLevel.Warning, LogLevel.Error, LogLevel.Critical })
        {
            harness.Logger.Log(level, "at {Level2}", level);
        }

        return harness.Lines().Select(l => l.GetProperty("level").GetString()!).ToList();
    }

    [Fact]
    public void Default_level_is_Information()
    {
        using var harness = LogHarness.Local();
        Assert.Equal(["Information", "Warning", "Error", "Critical"], LevelsWritten(harness));
    }

    [Theory]
    [InlineData("Warning", new[] { "Warning", "Error", "Critical" })]
    [InlineData("warn", new[] { "Warning", "Error", "Critical" })]
    [InlineData("DEBUG", new[] { "Debug", "Information", "Warning", "Error", "Critical" })]
    [InlineData("fatal", new[] { "Critical" })]
    [InlineData("None", new string[0])]
    public void POWERTOOLS_LOG_LEVEL_sets_the_level_even_below_the_default_MEL_filter(string value, string[] expected)
    {
        using var harness = LogHarness.Local(env: ("POWERTOOLS_LOG_LEVEL", value));
        Assert.Equal(expected, LevelsWritten(harness));
    }

    [Fact]
    public void The_option_wins_over_POWERTOOLS_LOG_LEVEL()
    {
        using var harness = LogHarness.Local(o => o.MinimumLevel = LogLevel.Debug, ("POWERTOOLS_LOG_LEVEL", "Error"));
        Assert.Equal(["Debug", "Information", "Warning", "Error", "Critical"], LevelsWritten(harness));
    }

    [Fact]
    public void AWS_LAMBDA_LOG_LEVEL_wins_and_a_lower_requested_level_is_warned_about_once()
    {
        using var harness = LogHarness.Lambda(o => o.MinimumLevel = LogLevel.Debug, ("AWS_LAMBDA_LOG_LEVEL", "ERROR"), ("POWERTOOLS_LOG_LEVEL", "Debug"));
        Assert.Equal(["ERROR", "FATAL"], LevelsWritten(harness));
        var warning = Assert.Single(harness.AllLines(), l => l.GetProperty("message").GetString()!.Contains("Advanced Logging Controls", StringComparison.Ordinal));
        Assert.Equal("WARN", warning.GetProperty("level").GetString());
    }

    [Fact]
    public void AWS_LAMBDA_LOG_LEVEL_lower_than_POWERTOOLS_LOG_LEVEL_lowers_the_level_without_warning()
    {
        using var harness = LogHarness.Lambda(env: [("AWS_LAMBDA_LOG_LEVEL", "DEBUG"), ("POWERTOOLS_LOG_LEVEL", "Warning")]);
        Assert.Equal(["DEBUG", "INFO", "WARN", "ERROR", "FATAL"], LevelsWritten(harness));
        Assert.DoesNotContain(harness.AllLines(), l => l.GetProperty("message").GetString()!.Contains("Advanced Logging Controls", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("CamelCase", "coldStart", "functionRequestId", "xrayTraceId", "orderId")]
    [InlineData("PascalCase", "ColdStart", "FunctionRequestId", "XrayTraceId", "OrderId")]
    [InlineData("SnakeCase", "cold_start", "function_request_id", "xray_trace_id", "order_id")]
    public async Task POWERTOOLS_LOGGER_CASE_changes_every_top_level_key(string casing, string coldStart, string requestId, string traceId, string param)
    {
        using var harness = LogHarness.Lambda(env: ("POWERTOOLS_LOGGER_CASE", casing));
        await using (harness.Telemetry.BeginInvocation(LogHarness.Invocation()))
        {
            harness.Logger.LogInformation("{OrderId} {@Nested}", 1, new Dictionary<string, object?> { ["keepMe"] = 1 });
        }

        var line = Assert.Single(harness.AllLines(), l => l.EnumerateObject().Any(p => p.Value.ValueKind == System.Text.Json.JsonValueKind.String && p.Value.GetString() == LogHarness.Category));
        var keys = LogHarness.Keys(line);
        Assert.Contains(coldStart, keys);
        Assert.Contains(requestId, keys);
        Assert.Contains(traceId, keys);
        Assert.Contains(param, keys);
        Assert.Equal(1, line.GetProperty(KeyOf(casing, "nested")).GetProperty("keepMe").GetInt32());
    }

    [Fact]
    public void The_casing_option_wins_over_the_environment()
    {
        using var harness = LogHarness.Local(o => o.OutputCase = LoggerOutputCase.PascalCase, ("POWERTOOLS_LOGGER_CASE", "CamelCase"));
        harness.Logger.LogInformation("x");
        var line = Assert.Single(harness.AllLines(), l => l.TryGetProperty("Name", out var n) && n.GetString() == LogHarness.Category);
        Assert.Equal("Information", line.GetProperty("Level").GetString());
    }

    [Theory]
    [InlineData("POWERTOOLS_LOG_LEVEL", "verbose")]
    [InlineData("AWS_LAMBDA_LOG_LEVEL", "loud")]
    [InlineData("POWERTOOLS_LOGGER_CASE", "kebab")]
    [InlineData("POWERTOOLS_LOGGER_SAMPLE_RATE", "2")]
    [InlineData("POWERTOOLS_LOGGER_SAMPLE_RATE", "half")]
    public void An_invalid_setting_fails_at_start_up_naming_it(string variable, string value)
    {
        var error = Assert.Throws<OptionsValidationException>(() => MatCarvLambda.Create(o =>
        {
            o.Output = new MemoryStream();
            o.EnvironmentVariables = LogHarness.LocalEnvironment((variable, value));
        }));
        Assert.Contains(variable, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Invalid_buffering_options_fail_at_start_up()
    {
        var error = Assert.Throws<OptionsValidationException>(() => MatCarvLambda.Create(
            o =>
            {
                o.Output = new MemoryStream();
                o.EnvironmentVariables = LogHarness.LocalEnvironment();
            },
            b => b.WithLogging(l =>
            {
                l.Buffering.Enabled = true;
                l.Buffering.BufferAtLogLevel = LogLevel.Error;
            })));
        Assert.Contains("BufferAtLogLevel", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task POWERTOOLS_SERVICE_NAME_is_the_service_and_service_undefined_when_absent()
    {
        using var named = LogHarness.Local();
        named.Logger.LogInformation("x");
        Assert.Equal("local-svc", Assert.Single(named.Lines()).GetProperty("service").GetString());

        var stream = new MemoryStream();
        using var telemetry = MatCarvLambda.Create(o =>
        {
            o.Output = stream;
            o.EnvironmentVariables = new Dictionary<string, string?>();
        });
        telemetry.LoggerFactory.CreateLogger("u").LogInformation("x");
        await telemetry.FlushAsync(TimeSpan.FromSeconds(5));
        var line = System.Text.Encoding.UTF8.GetString(stream.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(LogHarness.Parse).Single(l => l.GetProperty("name").GetString() == "u");
        Assert.Equal("service_undefined", line.GetProperty("service").GetString());
    }

    private static string KeyOf(string casing, string snake) => casing switch
    {
        "PascalCase" => char.ToUpperInvariant(snake[0]) + snake[1..],
        _ => snake,
    };
}
