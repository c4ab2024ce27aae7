using System.Globalization;
using System.Text.Json;
using MatCarv.HealthEvents.Tests.Infrastructure;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace MatCarv.HealthEvents.Tests.Transport;

/// <summary>
/// Health events on stdout under Lambda's advanced logging controls. Lambda files a stdout JSON line by its "level" key
/// (TRACE/DEBUG/INFO/WARN/ERROR/FATAL; a missing or other value, or no valid RFC 3339 timestamp, is INFO) and drops what is
/// below AWS_LAMBDA_LOG_LEVEL (AWS Lambda developer guide, "Log-level filtering"); the test applies that rule to our lines.
/// </summary>
public sealed class LambdaLogLevelTests
{
    private static readonly string[] LambdaLevels = ["TRACE", "DEBUG", "INFO", "WARN", "ERROR", "FATAL"];

    private static Dictionary<string, string?> LambdaEnvironment(string level)
    {
        var environment = TestStack.DefaultEnvironment();
        environment["AWS_LAMBDA_LOG_FORMAT"] = "JSON";
        environment["AWS_LAMBDA_LOG_LEVEL"] = level;
        return environment;
    }

    /// <summary>Lambda's filing of one stdout line, as documented: the level it is kept under.</summary>
    private static int LambdaFiling(JsonElement line)
    {
        if (!line.TryGetProperty("level", out var level) || Array.IndexOf(LambdaLevels, level.GetString()) is var index && index < 0)
        {
            return 2; // INFO
        }

        // Lambda reads the "timestamp" key; without a valid RFC 3339 value it files the line as INFO.
        bool validTimestamp = line.TryGetProperty("timestamp", out var timestamp)
            && DateTimeOffset.TryParseExact(timestamp.GetString(), "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK", CultureInfo.InvariantCulture, DateTimeStyles.None, out _);
        return validTimestamp ? index : 2;
    }

    private static bool IsHealthEventsFilterWarning(JsonElement line) =>
        line.TryGetProperty("reason", out var reason) && reason.GetString() == "lambda_log_level"
        && line.TryGetProperty("signal", out var signal) && signal.GetString() == "health_events";

    /// <summary>Publishes, in order: first Healthy, Unhealthy, Unhealthy heartbeat, Degraded, Healthy (recovery), Healthy heartbeat.</summary>
    private static async Task<JsonElement[]> PublishSequence(TestStack stack)
    {
        HealthEvent[] events =
        [
            new(HealthStatus.Healthy, "started"),
            new(HealthStatus.Unhealthy, "db down"),
            new(HealthStatus.Unhealthy, "db still down") { Kind = HealthEventKind.Heartbeat },
            new(HealthStatus.Degraded, "db slow"),
            new(HealthStatus.Healthy, "db back"),
            new(HealthStatus.Healthy, "fine") { Kind = HealthEventKind.Heartbeat },
        ];
        foreach (var e in events)
        {
            Assert.True(stack.Publisher.TryPublish(e));
        }

        Assert.True(await stack.Lambda.FlushAsync(TimeSpan.FromSeconds(10)));
        var lines = stack.Output.EventLines();
        Assert.Equal(events.Length, lines.Length);
        return lines;
    }

    [Fact]
    public async Task Under_WARN_Lambda_keeps_every_event_but_healthy_heartbeats_and_a_first_healthy_status_and_says_so()
    {
        await using var stack = TestStack.Create(o => o.Transport = HealthEventsTransport.Stdout, LambdaEnvironment("WARN"));
        var lines = await PublishSequence(stack);

        // The status's level; a change takes the worse of the status it leaves and the one it enters.
        Assert.Equal(["INFO", "ERROR", "ERROR", "ERROR", "WARN", "INFO"], lines.Select(l => l.GetProperty("level").GetString()));
        var kept = lines.Where(l => LambdaFiling(l) >= 3).Select(l => l.GetProperty("detail").GetProperty("reason").GetString());
        Assert.Equal(["db down", "db still down", "db slow", "db back"], kept);

        // The event's own fields are unchanged: the line is still the event EventBridge would deliver, plus level/timestamp.
        foreach (var line in lines)
        {
            Assert.Equal(
                ["version", "id", "detail-type", "source", "account", "time", "region", "resources", "detail", "level", "timestamp"],
                line.EnumerateObject().Select(p => p.Name));
            Assert.Equal(line.GetProperty("time").GetString(), line.GetProperty("timestamp").GetString());
            HealthEventSchema.AssertValid(line.GetProperty("detail"));
        }

        // Announced once, as a WARN line Lambda keeps, naming the setting and what it discards.
        var warnings = stack.Output.JsonLines().Where(l => IsHealthEventsFilterWarning(l)).ToArray();
        var warning = Assert.Single(warnings);
        Assert.Equal("WARN", warning.GetProperty("level").GetString());
        Assert.Equal("health_events", warning.GetProperty("signal").GetString());
        Assert.Contains("AWS_LAMBDA_LOG_LEVEL=WARN", warning.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Contains("Healthy heartbeats", warning.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Under_ERROR_a_recovery_from_unhealthy_still_passes_the_filter_that_let_the_alert_through()
    {
        await using var stack = TestStack.Create(o => o.Transport = HealthEventsTransport.Stdout, LambdaEnvironment("ERROR"));
        var lines = await PublishSequence(stack);

        var kept = lines.Where(l => LambdaFiling(l) >= 4).Select(l => l.GetProperty("detail").GetProperty("reason").GetString());
        Assert.Equal(["db down", "db still down", "db slow"], kept);

        // "db slow" (Unhealthy → Degraded) is kept, so the recovery that closes it goes where Degraded goes: WARN, filtered at ERROR,
        // as the one-time warning says.
        var warning = Assert.Single(stack.Output.JsonLines(), l => IsHealthEventsFilterWarning(l));
        Assert.Contains("Healthy and Degraded heartbeats", warning.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_Lambdas_log_controls_the_line_is_exactly_the_delivered_event_and_nothing_is_announced()
    {
        await using var stack = TestStack.Create(o => o.Transport = HealthEventsTransport.Stdout);
        var lines = await PublishSequence(stack);

        Assert.All(lines, l => Assert.Equal(["version", "id", "detail-type", "source", "account", "time", "region", "resources", "detail"], l.EnumerateObject().Select(p => p.Name)));
        Assert.DoesNotContain(stack.Output.JsonLines(), l => IsHealthEventsFilterWarning(l));
    }

    [Fact]
    public async Task The_JSON_log_format_alone_adds_the_level_and_announces_nothing()
    {
        var environment = TestStack.DefaultEnvironment();
        environment["AWS_LAMBDA_LOG_FORMAT"] = "JSON";
        await using var stack = TestStack.Create(o => o.Transport = HealthEventsTransport.Stdout, environment);
        var lines = await PublishSequence(stack);

        Assert.Equal(["INFO", "ERROR", "ERROR", "ERROR", "WARN", "INFO"], lines.Select(l => l.GetProperty("level").GetString()));
        Assert.DoesNotContain(stack.Output.JsonLines(), l => IsHealthEventsFilterWarning(l));
    }
}
