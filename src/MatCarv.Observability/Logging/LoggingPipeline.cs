using System.Diagnostics;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json;
using MatCarv.Observability.Context;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MatCarv.Observability.Logging;

/// <summary>
/// The logging signal of one telemetry runtime: resolved settings, level decisions (level, debug sampling, buffering),
/// formatting on the caller's thread into a per-thread buffer, and the hand-off of whole lines to the shared stdout batch.
/// </summary>
internal sealed class LoggingPipeline
{
    internal const string SignalName = "logging";
    private const string StateProperty = "MatCarv.Observability.Logging.State";
    private const int StateLockStripes = 16;

    private static readonly object[] StateLocks = LockStripes.Create(StateLockStripes);

    private readonly TelemetryRuntime _runtime;
    private readonly LogEntryFormatter _formatter;
    private readonly ConditionalWeakTable<InvocationContext, LogRequestState> _invocationStates = new();
    private readonly Random _random;
    private readonly object _randomGate = new();
    private readonly LogLevel _minimum;
    private readonly LogLevel _floor;
    private readonly bool _perRequest;
    private readonly bool _buffering;
    private readonly LogLevel _bufferAt;
    private readonly int _bufferMaxBytes;
    private readonly int _maxLineBytes;
    private readonly JsonEncodedText _selfCategory = JsonEncodedText.Encode("MatCarv.Observability.Logging");
    private readonly Func<LogRequestState> _createState;
    private int _lambdaLevelWarned;

    public LoggingPipeline(TelemetryRuntime runtime, IOptions<MatCarvLoggerOptions> options)
        : this(runtime, options.Value)
    {
    }

    public LoggingPipeline(TelemetryRuntime runtime, MatCarvLoggerOptions value)
    {
        _runtime = runtime;
        Settings = LoggerSettings.Resolve(value, runtime.Environment, runtime.LambdaLog);
        Keys = LogKeys.For(Settings.OutputCase, Settings.LambdaLevelNames);
        var sensitive = new SensitiveKeys(value.RedactedKeys);
        Casing = new KeyCasing(Keys, sensitive);
        Values = new JsonValueWriter(sensitive, runtime.Diagnostics, value);
        _formatter = new LogEntryFormatter(Keys, Casing, Values, runtime.Identity.Name, Settings.SamplingRate, value.IncludeScopes, LogLevelNames.Table(Settings.LambdaLevelNames));
        _random = value.SamplingRandom ?? Random.Shared;
        _minimum = Settings.MinimumLevel;
        _floor = Settings.Floor;
        _buffering = Settings.BufferingEnabled;
        _bufferAt = Settings.BufferAtLevel;
        _bufferMaxBytes = Settings.BufferMaxBytes;
        _maxLineBytes = Math.Max(value.MaxMessageBytes, LineSizeLimiter.DefaultMaxLineBytes);
        _perRequest = _buffering || Settings.SamplingRate > 0;
        _createState = CreateState;
    }

    public LoggerSettings Settings { get; }

    public LogKeys Keys { get; }

    public KeyCasing Casing { get; }

    public JsonValueWriter Values { get; }

    public TelemetryRuntime Runtime => _runtime;

    /// <summary>The scope provider MEL's factory hands to the provider.</summary>
    public IExternalScopeProvider? ScopeProvider { get; set; }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool IsEnabled(LogLevel level)
    {
        if (level >= _minimum)
        {
            return level != LogLevel.None;
        }

        return level >= _floor && IsEnabledForRequest(level);
    }

    /// <summary>
    /// The start-up warnings of Lambda's advanced logging controls (ALC): the Powertools warning when the application asks
    /// for a lower level than ALC keeps, and one each when ALC makes debug sampling or buffering pointless (they are then off).
    /// </summary>
    public void WarnAboutLambdaLevel()
    {
        if (Settings.LambdaLevel is not { } alc || Interlocked.Exchange(ref _lambdaLevelWarned, 1) != 0)
        {
            return;
        }

        var alcName = LogLevelNames.Name(alc, lambda: true);
        if (Settings.RequestedLevel < alc)
        {
            _runtime.Diagnostics.Warn(
                $"Current log level ({Settings.RequestedLevel}) does not match AWS Lambda Advanced Logging Controls minimum log level ({alcName}). "
                + "This can lead to data loss, consider adjusting them (POWERTOOLS_LOG_LEVEL or AWS_LAMBDA_LOG_LEVEL).",
                SignalName,
                "lambda_log_level");
        }

        if (Settings.SamplingRateDiscardedByLambda is { } rate)
        {
            _runtime.Diagnostics.Warn(
                $"Debug log sampling (rate {rate.ToString(CultureInfo.InvariantCulture)}) is off: AWS Lambda Advanced Logging Controls minimum log level ({alcName}) "
                + "discards the Debug lines it would add (POWERTOOLS_LOGGER_SAMPLE_RATE or AWS_LAMBDA_LOG_LEVEL).",
                SignalName,
                "lambda_log_level_sampling");
        }

        if (Settings.BufferingDiscardedByLambda)
        {
            _runtime.Diagnostics.Warn(
                $"Log buffering is off: AWS Lambda Advanced Logging Controls minimum log level ({alcName}) is less verbose than the buffered level "
                + "(MatCarvLoggerOptions.Buffering.BufferAtLogLevel), so buffered lines would be discarded by Lambda.",
                SignalName,
                "lambda_log_level_buffering");
        }
    }

    public void Log<TState>(JsonEncodedText category, LogLevel level, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        LogRequestState? request = null;
        bool buffer = false;
        if (_perRequest && (level < _minimum || (_buffering && level <= _bufferAt)))
        {
            request = GetRequestState();
            bool sampledIn = request is { DebugSampled: true } && level >= LogLevel.Debug;
            if (_buffering && request is not null && level <= _bufferAt && !sampledIn)
            {
                buffer = true;
            }
            else if (level < _minimum && !sampledIn)
            {
                return;
            }
        }
        else if (level < _minimum)
        {
            return;
        }

        var line = LogLineBuilder.Acquire();
        if (line is null)
        {
            _runtime.Diagnostics.ReportDrop(SignalName, "reentrancy_limit");
            return;
        }

        byte[]? shortened = null;
        try
        {
            _formatter.Format(line, category, level, state, exception, formatter, ScopeProvider, _runtime.Time.GetUtcNow().UtcDateTime);
            line.Complete();
            var span = line.WrittenSpan;
            if (span.Length > _maxLineBytes)
            {
                // One event of CloudWatch Logs / Lambda is at most 256 KB: the longest strings are cut, after escaping.
                if (!LineSizeLimiter.TryFit(span, _maxLineBytes, out shortened, out int length))
                {
                    _runtime.Diagnostics.ReportDrop(SignalName, "line_too_large");
                    return;
                }

                span = shortened.AsSpan(0, length);
            }

            if (buffer)
            {
                int evicted = request!.Add(span, _bufferMaxBytes);
                if (evicted > 0)
                {
                    _runtime.Diagnostics.ReportDrop(SignalName, "buffer_evicted", evicted);
                }
                else if (evicted < 0)
                {
                    // Powertools rule: an entry larger than the whole buffer is written straight away, with a warning.
                    _runtime.Diagnostics.ReportDrop(SignalName, "buffer_entry_too_large");
                    Emit(span);
                }

                return;
            }

            if (level >= LogLevel.Error && _buffering && Settings.FlushBufferOnError)
            {
                request ??= GetRequestState(create: false);
                if (request is not null)
                {
                    FlushBuffer(request);
                }
            }

            Emit(span);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // The SDK never throws into the caller: a line that cannot be formatted is dropped and counted.
            _runtime.Diagnostics.ReportDrop(SignalName, "format_failed");
        }
        finally
        {
            if (shortened is not null)
            {
                System.Buffers.ArrayPool<byte>.Shared.Return(shortened);
            }

            line.Release();
        }
    }

    /// <summary>Writes out what the invocation or request buffered (oldest first, original timestamps).</summary>
    public void FlushBuffer(LogRequestState request)
    {
        var lines = request.Drain(out long evicted);
        if (evicted > 0)
        {
            _runtime.Diagnostics.Warn(
                "Some logs are not displayed because they were evicted from the buffer. Increase buffer size to store more logs in the buffer "
                + $"(MatCarvLoggerOptions.Buffering.MaxBytes). Evicted: {evicted.ToString(CultureInfo.InvariantCulture)}.",
                SignalName,
                "buffer_evicted",
                evicted);
        }

        foreach (var buffered in lines)
        {
            Emit(buffered);
        }
    }

    /// <summary>Writes out what the current invocation or request buffered (<c>MatCarvTelemetry.FlushLogBuffer</c>).</summary>
    public void FlushCurrentBuffer()
    {
        if (_buffering && GetRequestState(create: false) is { } request)
        {
            FlushBuffer(request);
        }
    }

    /// <summary>Discards what the current invocation or request buffered (<c>MatCarvTelemetry.ClearLogBuffer</c>).</summary>
    public void ClearCurrentBuffer()
    {
        if (_buffering && GetRequestState(create: false) is { } request)
        {
            request.Clear();
        }
    }

    public void OnInvocationStarted(InvocationContext invocation)
    {
        if (_perRequest)
        {
            _ = _invocationStates.GetValue(invocation, _ => CreateState());
        }
    }

    public void OnInvocationEnded(InvocationContext invocation, Exception? error)
    {
        if (!_invocationStates.TryGetValue(invocation, out var state))
        {
            return;
        }

        if (error is not null && _buffering && Settings.FlushBufferOnUnhandledError)
        {
            FlushBuffer(state);
        }
        else
        {
            state.Clear();
        }

        _invocationStates.Remove(invocation);
    }

    /// <summary>A request's root activity stopped: its buffered entries are discarded.</summary>
    public static void OnActivityStopped(Activity activity)
    {
        if (activity.Parent is null && activity.GetCustomProperty(StateProperty) is LogRequestState state)
        {
            state.Clear();
        }
    }

    /// <summary>The state of the current invocation (Lambda), explicit <see cref="LogRequestScope"/> or request (local root Activity), if any.</summary>
    public LogRequestState? GetRequestState(bool create = true)
    {
        var invocation = InvocationContext.Current;
        if (invocation is not null)
        {
            if (_invocationStates.TryGetValue(invocation, out var existing))
            {
                return existing;
            }

            return create ? _invocationStates.GetValue(invocation, _ => CreateState()) : null;
        }

        if (LogRequestScope.Current is { } scope)
        {
            return create ? scope.GetState(this, _createState) : scope.TryGetState(this);
        }

        var root = Activity.Current;
        if (root is null)
        {
            return null;
        }

        while (root.Parent is { } parent)
        {
            root = parent;
        }

        if (root.GetCustomProperty(StateProperty) is LogRequestState state)
        {
            return state;
        }

        if (!create)
        {
            return null;
        }

        lock (StateLocks[RuntimeHelpers.GetHashCode(root) & (StateLockStripes - 1)])
        {
            if (root.GetCustomProperty(StateProperty) is LogRequestState raced)
            {
                return raced;
            }

            state = CreateState();
            root.SetCustomProperty(StateProperty, state);
            return state;
        }
    }

    private bool IsEnabledForRequest(LogLevel level)
    {
        if (!_perRequest)
        {
            return false;
        }

        var request = GetRequestState();
        if (request is null)
        {
            return false;
        }

        return (request.DebugSampled && level >= LogLevel.Debug) || (_buffering && level <= _bufferAt);
    }

    private LogRequestState CreateState()
    {
        bool sampled = false;
        var rate = Settings.SamplingRate;
        if (rate > 0)
        {
            double draw;
            lock (_randomGate)
            {
                draw = _random.NextDouble();
            }

            // NextDouble is uniform in [0, 1): P(draw < rate) = rate. (Powertools #951 drew from raw bytes and never sampled.)
            sampled = draw < rate;
        }

        var state = new LogRequestState(sampled);
        if (sampled && _minimum > LogLevel.Debug)
        {
            WriteSamplingNotice(rate);
        }

        return state;
    }

    private void WriteSamplingNotice(double rate)
    {
        var line = LogLineBuilder.Acquire();
        if (line is null)
        {
            return;
        }

        try
        {
            string message = "Changed log level to DEBUG based on Sampling configuration. Sampling Rate: "
                + rate.ToString(CultureInfo.InvariantCulture) + ", Sampled: true";
            _formatter.Format<string>(line, _selfCategory, LogLevel.Debug, message, null, static (s, _) => s, null, _runtime.Time.GetUtcNow().UtcDateTime);
            line.Complete();
            Emit(line.WrittenSpan);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            _runtime.Diagnostics.ReportDrop(SignalName, "format_failed");
        }
        finally
        {
            line.Release();
        }
    }

    private void Emit(ReadOnlySpan<byte> line) => _runtime.Stdout.WriteLine(line);
}
