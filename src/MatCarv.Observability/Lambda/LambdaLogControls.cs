using MatCarv.Observability.Context;
using MatCarv.Observability.Logging;
using Microsoft.Extensions.Logging;

namespace MatCarv.Observability.Lambda;

/// <summary>
/// Lambda's advanced logging controls as the function sees them: the log format (<c>AWS_LAMBDA_LOG_FORMAT</c>) and the
/// application log level (<c>AWS_LAMBDA_LOG_LEVEL</c>). When either is in effect Lambda parses every stdout line as JSON
/// and files it by its <c>level</c> key: a value other than TRACE, DEBUG, INFO, WARN, ERROR or FATAL, or a missing key,
/// is filed as INFO (AWS Lambda developer guide, "Log-level filtering"). Read once at start-up.
/// </summary>
internal sealed class LambdaLogControls
{
    private LambdaLogControls(bool jsonFormat, string? rawLevel, LogLevel? level)
    {
        JsonFormat = jsonFormat;
        RawLevel = rawLevel;
        Level = level;
    }

    /// <summary>Neither variable set: no Lambda log controls (also every process outside Lambda).</summary>
    public static LambdaLogControls None { get; } = new(false, null, null);

    /// <summary><c>AWS_LAMBDA_LOG_FORMAT=JSON</c>.</summary>
    public bool JsonFormat { get; }

    /// <summary>The raw <c>AWS_LAMBDA_LOG_LEVEL</c>, if set (an unparseable value fails the logger's start-up).</summary>
    public string? RawLevel { get; }

    /// <summary>The level below which Lambda drops application lines, if <c>AWS_LAMBDA_LOG_LEVEL</c> is set and valid.</summary>
    public LogLevel? Level { get; }

    /// <summary>
    /// True when Lambda reads the <c>level</c> key of our lines: every line then carries one of Lambda's level names.
    /// </summary>
    public bool UsesLambdaLevels => JsonFormat || RawLevel is not null;

    public static LambdaLogControls Detect(EnvironmentReader environment)
    {
        bool json = string.Equals(environment.Get(EnvironmentVariables.LambdaLogFormat), "JSON", StringComparison.OrdinalIgnoreCase);
        var raw = environment.Get(EnvironmentVariables.LambdaLogLevel);
        LogLevel? level = raw is not null && LogLevelNames.TryParse(raw, out var parsed) ? parsed : null;
        return json || raw is not null ? new LambdaLogControls(json, raw, level) : None;
    }
}
