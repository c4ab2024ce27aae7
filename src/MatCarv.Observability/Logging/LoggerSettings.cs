using System.Globalization;
using MatCarv.Observability.Context;
using MatCarv.Observability.Lambda;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MatCarv.Observability.Logging;

/// <summary>
/// The logger's effective settings, resolved once at start-up from <see cref="MatCarvLoggerOptions"/> and the environment.
/// A value that cannot be parsed fails start-up naming the variable and the accepted values.
/// </summary>
internal sealed class LoggerSettings
{
    private LoggerSettings()
    {
    }

    public LogLevel MinimumLevel { get; private init; }

    /// <summary>The level the application asked for (option or <c>POWERTOOLS_LOG_LEVEL</c>), before ALC applies.</summary>
    public LogLevel RequestedLevel { get; private init; }

    /// <summary>The Lambda Advanced Logging Controls level (<c>AWS_LAMBDA_LOG_LEVEL</c>), if set.</summary>
    public LogLevel? LambdaLevel { get; private init; }

    public LoggerOutputCase OutputCase { get; private init; }

    public double SamplingRate { get; private init; }

    public bool BufferingEnabled { get; private init; }

    public LogLevel BufferAtLevel { get; private init; }

    public int BufferMaxBytes { get; private init; }

    public bool FlushBufferOnError { get; private init; }

    public bool FlushBufferOnUnhandledError { get; private init; }

    /// <summary>The lowest level any entry can be written or buffered at (the level passed to MEL's filter for this provider).</summary>
    public LogLevel Floor { get; private init; }

    /// <summary>Lambda reads the <c>level</c> key of every line (its log controls are on): Lambda's level names are written.</summary>
    public bool LambdaLevelNames { get; private init; }

    /// <summary>The configured sampling rate when ALC discards every Debug line sampling would add (sampling is then off).</summary>
    public double? SamplingRateDiscardedByLambda { get; private init; }

    /// <summary>True when buffering was asked for but ALC discards every level it would buffer (buffering is then off).</summary>
    public bool BufferingDiscardedByLambda { get; private init; }

    public static LoggerSettings Resolve(MatCarvLoggerOptions options, EnvironmentReader env, LambdaLogControls? lambda = null)
    {
        var failures = new List<string>();

        // Powertools precedence: AWS_LAMBDA_LOG_LEVEL (ALC) > explicit option > POWERTOOLS_LOG_LEVEL > Information.
        LogLevel? lambdaLevel = null;
        var alc = env.Get(EnvironmentVariables.LambdaLogLevel);
        if (alc is not null)
        {
            if (LogLevelNames.TryParse(alc, out var parsed))
            {
                lambdaLevel = parsed;
            }
            else
            {
                failures.Add($"{EnvironmentVariables.LambdaLogLevel}='{alc}' is not a level: use TRACE, DEBUG, INFO, WARN, ERROR or FATAL.");
            }
        }

        LogLevel requested = LogLevel.Information;
        if (options.MinimumLevel is { } explicitLevel)
        {
            requested = explicitLevel;
        }
        else if (env.Get(EnvironmentVariables.LogLevel) is { } ptLevel)
        {
            if (LogLevelNames.TryParse(ptLevel, out var parsed))
            {
                requested = parsed;
            }
            else
            {
                failures.Add($"{EnvironmentVariables.LogLevel}='{ptLevel}' is not a level: use Trace, Debug, Information, Warning, Error, Critical or None.");
            }
        }

        LoggerOutputCase outputCase = options.OutputCase ?? LoggerOutputCase.SnakeCase;
        if (options.OutputCase is null && env.Get(EnvironmentVariables.LoggerCase) is { } caseValue)
        {
            var normalized = caseValue.Replace("_", string.Empty, StringComparison.Ordinal).Replace("-", string.Empty, StringComparison.Ordinal);
            if (normalized.Equals("SnakeCase", StringComparison.OrdinalIgnoreCase) || normalized.Equals("snake", StringComparison.OrdinalIgnoreCase))
            {
                outputCase = LoggerOutputCase.SnakeCase;
            }
            else if (normalized.Equals("CamelCase", StringComparison.OrdinalIgnoreCase) || normalized.Equals("camel", StringComparison.OrdinalIgnoreCase))
            {
                outputCase = LoggerOutputCase.CamelCase;
            }
            else if (normalized.Equals("PascalCase", StringComparison.OrdinalIgnoreCase) || normalized.Equals("pascal", StringComparison.OrdinalIgnoreCase))
            {
                outputCase = LoggerOutputCase.PascalCase;
            }
            else
            {
                failures.Add($"{EnvironmentVariables.LoggerCase}='{caseValue}' is not a casing: use SnakeCase, CamelCase or PascalCase.");
            }
        }

        // Powertools: the environment variable wins over the option when it is set (and valid).
        double samplingRate = options.SamplingRate ?? 0;
        if (env.Get(EnvironmentVariables.LoggerSampleRate) is { } rateValue)
        {
            if (double.TryParse(rateValue, NumberStyles.Float, CultureInfo.InvariantCulture, out var rate) && rate >= 0 && rate <= 1)
            {
                samplingRate = rate;
            }
            else
            {
                failures.Add($"{EnvironmentVariables.LoggerSampleRate}='{rateValue}' is not a rate: use a number from 0 to 1 (0.1 samples one invocation in ten).");
            }
        }
        else if (samplingRate is < 0 or > 1 || double.IsNaN(samplingRate))
        {
            failures.Add($"MatCarv:Logging:SamplingRate (MatCarvLoggerOptions.SamplingRate)={samplingRate.ToString(CultureInfo.InvariantCulture)} is not a rate: use a number from 0 to 1.");
        }

        var buffering = options.Buffering;
        if (buffering.Enabled && buffering.BufferAtLogLevel is not (LogLevel.Trace or LogLevel.Debug or LogLevel.Information or LogLevel.Warning))
        {
            failures.Add($"MatCarv:Logging:Buffering:BufferAtLogLevel (MatCarvLoggerOptions.Buffering.BufferAtLogLevel)={buffering.BufferAtLogLevel} cannot be buffered: use Trace, Debug, Information or Warning.");
        }

        if (buffering.Enabled && buffering.MaxBytes < 1024)
        {
            failures.Add("MatCarv:Logging:Buffering:MaxBytes (MatCarvLoggerOptions.Buffering.MaxBytes) must be at least 1024.");
        }

        if (options.MaxMessageBytes < 1024)
        {
            failures.Add("MatCarv:Logging:MaxMessageBytes (MatCarvLoggerOptions.MaxMessageBytes) must be at least 1024.");
        }

        if (options.MaxDepth is < 1 or > 64)
        {
            failures.Add("MatCarv:Logging:MaxDepth (MatCarvLoggerOptions.MaxDepth) must be between 1 and 64.");
        }

        if (failures.Count > 0)
        {
            throw new OptionsValidationException(nameof(MatCarvLoggerOptions), typeof(MatCarvLoggerOptions), failures);
        }

        var minimum = lambdaLevel ?? requested;

        // Under ALC nothing below its level is formatted, sampled or buffered: Lambda would drop it (Powertools TS warns
        // about buffering below ALC; here it is also switched off, so no CPU is spent on lines nobody can read).
        double? samplingDiscarded = null;
        if (lambdaLevel > LogLevel.Debug && samplingRate > 0)
        {
            samplingDiscarded = samplingRate;
            samplingRate = 0;
        }

        bool bufferingEnabled = buffering.Enabled;
        bool bufferingDiscarded = false;
        if (bufferingEnabled && lambdaLevel > buffering.BufferAtLogLevel)
        {
            bufferingEnabled = false;
            bufferingDiscarded = true;
        }

        var floor = minimum;
        if (samplingRate > 0 && floor > LogLevel.Debug)
        {
            floor = LogLevel.Debug;
        }

        if (bufferingEnabled)
        {
            floor = LogLevel.Trace;
        }

        if (lambdaLevel is { } alcFloor && floor < alcFloor)
        {
            floor = alcFloor;
        }

        return new LoggerSettings
        {
            MinimumLevel = minimum,
            RequestedLevel = requested,
            LambdaLevel = lambdaLevel,
            OutputCase = outputCase,
            SamplingRate = samplingRate,
            BufferingEnabled = bufferingEnabled,
            BufferAtLevel = buffering.BufferAtLogLevel,
            BufferMaxBytes = buffering.MaxBytes,
            FlushBufferOnError = buffering.FlushOnErrorLog,
            FlushBufferOnUnhandledError = buffering.FlushOnUnhandledError,
            Floor = floor,
            LambdaLevelNames = lambda?.UsesLambdaLevels ?? false,
            SamplingRateDiscardedByLambda = samplingDiscarded,
            BufferingDiscardedByLambda = bufferingDiscarded,
        };
    }
}
