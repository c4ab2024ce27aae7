using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace MatCarv.HealthEvents.Transport;

/// <summary>
/// The <c>level</c> a health-event line on stdout carries for Lambda's log-level filter. Under Lambda's advanced logging
/// controls (<c>AWS_LAMBDA_LOG_FORMAT=JSON</c> or <c>AWS_LAMBDA_LOG_LEVEL</c>) Lambda files each stdout JSON line by its
/// <c>level</c> key, one of TRACE, DEBUG, INFO, WARN, ERROR or FATAL; a missing or other value is filed as INFO and dropped
/// at WARN or above (AWS Lambda developer guide, "Log-level filtering"). A health event's level is its status's:
/// INFO for Healthy, WARN for Degraded, ERROR for Unhealthy; a status change takes the worse of the status it leaves and the
/// status it enters, so a recovery passes every filter that let through the event it closes.
/// </summary>
internal static class LambdaLogLevel
{
    /// <summary>Lambda's level names, in order of severity.</summary>
    private static readonly string[] Names = ["TRACE", "DEBUG", "INFO", "WARN", "ERROR", "FATAL"];

    /// <summary>Severity index of INFO (Healthy).</summary>
    public const int Info = 2;

    /// <summary>Severity index of WARN (Degraded).</summary>
    public const int Warn = 3;

    /// <summary>Severity index of ERROR (Unhealthy).</summary>
    public const int Error = 4;

    /// <summary>The severity index of an event: its status's, or for a status change the worse of its new and previous status.</summary>
    public static int Of(HealthEventKind kind, HealthStatus status, HealthStatus? previous)
    {
        int level = Of(status);
        return kind == HealthEventKind.StatusChanged && previous is { } before ? Math.Max(level, Of(before)) : level;
    }

    /// <summary>The severity index of a status.</summary>
    public static int Of(HealthStatus status) => status switch
    {
        HealthStatus.Healthy => Info,
        HealthStatus.Degraded => Warn,
        _ => Error,
    };

    /// <summary>Lambda's name for a severity index.</summary>
    public static string Name(int level) => Names[level];

    /// <summary>
    /// The severity index below which Lambda drops lines, from <c>AWS_LAMBDA_LOG_LEVEL</c> (case-insensitive, as Lambda
    /// accepts it); null when unset or not one of Lambda's names (the logger reports an invalid value at start-up).
    /// </summary>
    public static int? Threshold(string? rawLevel)
    {
        if (rawLevel is null)
        {
            return null;
        }

        int index = Array.FindIndex(Names, n => string.Equals(n, rawLevel.Trim(), StringComparison.OrdinalIgnoreCase));
        return index >= 0 ? index : null;
    }
}
