using System.Globalization;
using System.Text.Json;
using MatCarv.Observability.Lambda;
using MatCarv.Observability.Logging;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace MatCarv.Observability.Tests.Logging;

/// <summary>
/// Lambda's advanced logging controls (AWS Lambda developer guide, "Log-level filtering"): Lambda reads the "level" key of
/// each JSON line and files any value other than TRACE, DEBUG, INFO, WARN, ERROR or FATAL, or a missing key, as INFO; a
/// timestamp that is not RFC 3339 also makes the line INFO.
/// </summary>
public sealed class LambdaLogControlsTests
{
    private static readonly string[] LambdaLevels = ["TRACE", "DEBUG", "INFO", "WARN", "ERROR", "FATAL"];

    private static readonly LogLevel[] AllLevels = [LogLevel.Trace, LogLevel.Debug, LogLevel.Information, LogLevel.Warning, LogLevel.Error, LogLevel.Critical];

    private static List<string> LevelsWritten(LogHarness harness)
    {
        foreach (var level in AllLevels)
        {
            harness.Logger.Log(level, "at {Step}", level);
        }

        return harness.Lines().Select(l => l.GetProperty("level").GetString()!).ToList();
    }

    /// <summary>What Lambda's filter would do with a line: the level it files it under (null: the line is not JSON).</summary>
    private static string FiledLevel(JsonElement line)
    {
        if (!line.TryGetProperty("level", out var level) || level.ValueKind != JsonValueKind.String
            || !LambdaLevels.Contains(level.GetString()!.ToUpperInvariant()))
        {
            return "INFO";
        }

        if (!line.TryGetProperty("timestamp", out var timestamp) || timestamp.ValueKind != JsonValueKind.String
            || !DateTimeOffset.TryParseExact(timestamp.GetString(), "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK", CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
        {
            return "INFO";
        }

        return level.GetString()!.ToUpperInvariant();
    }

    [Theory]
    [InlineData("AWS_LAMBDA_LOG_FORMAT", "JSON")]
    [InlineData("AWS_LAMBDA_LOG_FORMAT", "json")]
    [InlineData("AWS_LAMBDA_LOG_LEVEL", "TRACE")]
    public void Under_Lambda_log_controls_every_level_is_written_with_Lambdas_name(string variable, string value)
    {
        using var harness = LogHarness.Lambda(o => o.MinimumLevel = LogLevel.Trace, (variable, value));
        Assert.Equal(LambdaLevels, LevelsWritten(harness));
        Assert.All(harness.AllLines(), l => Assert.Equal(l.GetProperty("level").GetString(), FiledLevel(l)));
    }

    [Fact]
    public void Outside_Lambda_log_controls_the_Powertools_dotnet_names_stay()
    {
        using var harness = LogHarness.Lambda(o => o.MinimumLevel = LogLevel.Trace, ("AWS_LAMBDA_LOG_FORMAT", "Text"));
        Assert.Equal(["Trace", "Debug", "Information", "Warning", "Error", "Critical"], LevelsWritten(harness));
    }

    [Fact]
    public void Under_PascalCase_level_and_timestamp_keep_the_keys_Lambda_reads()
    {
        using var harness = LogHarness.Lambda(null, ("AWS_LAMBDA_LOG_FORMAT", "JSON"), ("POWERTOOLS_LOGGER_CASE", "PascalCase"));
        harness.Logger.LogWarning("careful {OrderId}", 7);
        var line = Assert.Single(harness.AllLines(), l => l.TryGetProperty("Name", out var n) && n.GetString() == LogHarness.Category);
        var keys = LogHarness.Keys(line);
        Assert.Equal(["level", "Message", "timestamp", "Service"], keys.Take(4));
        Assert.Equal("WARN", FiledLevel(line));
        Assert.Equal(7, line.GetProperty("OrderId").GetInt32());
    }

    [Fact]
    public void Without_Lambda_log_controls_PascalCase_is_applied_to_every_key()
    {
        using var harness = LogHarness.Lambda(null, ("POWERTOOLS_LOGGER_CASE", "PascalCase"));
        harness.Logger.LogWarning("careful");
        var line = Assert.Single(harness.AllLines(), l => l.TryGetProperty("Name", out var n) && n.GetString() == LogHarness.Category);
        Assert.Equal(["Level", "Message", "Timestamp", "Service"], LogHarness.Keys(line).Take(4));
    }

    [Fact]
    public async Task ALC_WARN_keeps_warnings_errors_and_the_SDKs_own_warnings_and_discards_nothing_else_Lambda_would_keep()
    {
        using var harness = LogHarness.Lambda(
            null,
            ("AWS_LAMBDA_LOG_FORMAT", "JSON"),
            ("AWS_LAMBDA_LOG_LEVEL", "WARN"),
            ("POWERTOOLS_LOG_LEVEL", "Debug"));
        await using (harness.Telemetry.BeginInvocation(LogHarness.Invocation()))
        {
            foreach (var level in AllLevels)
            {
                harness.Logger.Log(level, "at {Step}", level);
            }
        }

        var lines = harness.AllLines();
        Assert.All(lines, l => Assert.Contains(FiledLevel(l), new[] { "WARN", "ERROR", "FATAL" }));
        Assert.Equal(["WARN", "ERROR", "FATAL"], harness.Lines().Select(l => l.GetProperty("level").GetString()!));

        // The SDK's own start-up warning (requested Debug is below ALC's WARN) survives the filter too.
        var warning = Assert.Single(lines, l => l.GetProperty("message").GetString()!.Contains("Advanced Logging Controls", StringComparison.Ordinal));
        Assert.Equal("WARN", FiledLevel(warning));
        Assert.Contains("(Debug)", warning.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Contains("(WARN)", warning.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Debug_sampling_is_switched_off_with_a_warning_when_ALC_would_drop_the_sampled_lines()
    {
        using var harness = LogHarness.Lambda(
            o => o.SamplingRandom = new Random(7),
            ("AWS_LAMBDA_LOG_LEVEL", "INFO"),
            ("POWERTOOLS_LOGGER_SAMPLE_RATE", "1"));
        await using (harness.Telemetry.BeginInvocation(LogHarness.Invocation()))
        {
            harness.Logger.LogDebug("sampled in, but Lambda would drop it");
            harness.Logger.LogInformation("kept");
        }

        var lines = harness.AllLines();
        Assert.DoesNotContain(lines, l => l.GetProperty("message").GetString()!.StartsWith("Changed log level to DEBUG", StringComparison.Ordinal));
        var written = Assert.Single(harness.Lines());
        Assert.Equal("INFO", written.GetProperty("level").GetString());
        Assert.False(written.TryGetProperty("sampling_rate", out _));
        var warning = Assert.Single(lines, l => l.TryGetProperty("reason", out var r) && r.GetString() == "lambda_log_level_sampling");
        Assert.Equal("WARN", warning.GetProperty("level").GetString());
    }

    [Fact]
    public async Task Debug_sampling_keeps_working_when_ALC_is_DEBUG()
    {
        using var harness = LogHarness.Lambda(
            o => o.SamplingRandom = new Random(7),
            ("AWS_LAMBDA_LOG_LEVEL", "DEBUG"),
            ("POWERTOOLS_LOG_LEVEL", "Information"),
            ("POWERTOOLS_LOGGER_SAMPLE_RATE", "1"));
        await using (harness.Telemetry.BeginInvocation(LogHarness.Invocation()))
        {
            harness.Logger.LogTrace("below ALC: never written");
            harness.Logger.LogDebug("written");
        }

        Assert.Equal(["DEBUG"], harness.Lines().Select(l => l.GetProperty("level").GetString()!));
    }

    [Fact]
    public async Task Buffering_is_switched_off_with_a_warning_when_ALC_is_less_verbose_than_the_buffered_level()
    {
        using var harness = LogHarness.Lambda(
            o => o.Buffering.Enabled = true,
            ("AWS_LAMBDA_LOG_LEVEL", "WARN"),
            ("POWERTOOLS_LOG_LEVEL", "Debug"));
        await using (harness.Telemetry.BeginInvocation(LogHarness.Invocation()))
        {
            harness.Logger.LogDebug("would be buffered, then dropped by Lambda");
            harness.Logger.LogError("boom");
        }

        Assert.Equal(["ERROR"], harness.Lines().Select(l => l.GetProperty("level").GetString()!));
        Assert.Single(harness.AllLines(), l => l.TryGetProperty("reason", out var r) && r.GetString() == "lambda_log_level_buffering");
    }

    [Fact]
    public async Task Buffering_keeps_the_levels_ALC_lets_through_and_never_buffers_below_it()
    {
        using var harness = LogHarness.Lambda(
            o =>
            {
                o.Buffering.Enabled = true;
                o.Buffering.BufferAtLogLevel = LogLevel.Information;
            },
            ("AWS_LAMBDA_LOG_LEVEL", "INFO"),
            ("POWERTOOLS_LOG_LEVEL", "Warning"));
        await using (harness.Telemetry.BeginInvocation(LogHarness.Invocation()))
        {
            harness.Logger.LogDebug("below ALC");
            harness.Logger.LogInformation("buffered");
            harness.Logger.LogError("boom");
        }

        Assert.Equal(["INFO", "ERROR"], harness.Lines().Select(l => l.GetProperty("level").GetString()!));
        Assert.DoesNotContain(harness.AllLines(), l => l.TryGetProperty("reason", out var r) && r.GetString() == "lambda_log_level_buffering");
    }

    [Fact]
    public async Task The_SDKs_own_warning_inside_an_invocation_carries_the_invocations_request_context()
    {
        using var harness = LogHarness.Lambda(null, ("AWS_LAMBDA_LOG_FORMAT", "JSON"));
        var invocation = LogHarness.Invocation("req-diag");
        await using (var scope = harness.Telemetry.BeginInvocation(invocation))
        {
            scope.Context.CorrelationId = "corr-9";
            harness.Logger.LogInformation("{Value}", new ThrowingToString());
        }

        var warning = Assert.Single(harness.AllLines(), l => l.TryGetProperty("reason", out var r) && r.GetString() == "tostring_failed");
        Assert.Equal("WARN", warning.GetProperty("level").GetString());
        Assert.Equal("req-diag", warning.GetProperty("function_request_id").GetString());
        Assert.Equal("1-5759e988-bd862e3fe1be46a994272793", warning.GetProperty("xray_trace_id").GetString());
        Assert.Equal("corr-9", warning.GetProperty("correlation_id").GetString());
        Assert.Equal("harness-fn", warning.GetProperty("function_name").GetString());
    }

    [Fact]
    public void Metrics_written_to_stdout_are_announced_as_lost_when_ALC_discards_INFO()
    {
        var output = new MemoryStream();
        var env = LogHarness.LambdaEnvironment(("AWS_LAMBDA_LOG_LEVEL", "ERROR"), ("POWERTOOLS_METRICS_DISABLED", null));
        using (MatCarvLambda.Create(
            o =>
            {
                o.Output = output;
                o.EnvironmentVariables = env;
            },
            b => b.WithMetrics(m => m.Namespace = "Tests")))
        {
        }

        var lines = System.Text.Encoding.UTF8.GetString(output.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(LogHarness.Parse).ToList();
        var warning = Assert.Single(lines, l => l.TryGetProperty("signal", out var s) && s.GetString() == "metrics" && l.GetProperty("reason").GetString() == "lambda_log_level");
        Assert.Equal("WARN", warning.GetProperty("level").GetString());
    }

    private sealed class ThrowingToString
    {
        public override string ToString() => throw new InvalidOperationException("no");
    }
}
