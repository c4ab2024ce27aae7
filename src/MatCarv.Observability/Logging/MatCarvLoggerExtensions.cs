using System.Runtime.CompilerServices;
using MatCarv.Observability.Logging.Interpolation;
using Microsoft.Extensions.Logging;

namespace MatCarv.Observability.Logging;

/// <summary>
/// Structured logging from interpolated strings, without allocation: <c>logger.Info($"Customer {name} paid {amount}")</c>
/// writes <c>"message":"Customer Ada paid 12.5","name":"Ada","amount":12.5</c> — each hole becomes a typed key named
/// after its argument expression (<c>order.Total</c> → <c>total</c>, then the output casing). When the level is disabled
/// nothing is evaluated. Works with any <see cref="ILogger"/>; other providers receive the rendered message.
/// </summary>
public static class MatCarvLoggerExtensions
{
    /// <summary>Logs at Trace from an interpolated string.</summary>
    /// <param name="logger">The logger.</param>
    /// <param name="message">The interpolated message (the compiler builds the handler).</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Trace(this ILogger logger, [InterpolatedStringHandlerArgument(nameof(logger))] ref MatCarvTraceLogHandler message)
    {
        if (message.Entry is { } entry)
        {
            Write(logger, LogLevel.Trace, null, entry);
        }
    }

    /// <summary>Logs at Trace from an interpolated string.</summary>
    /// <param name="logger">The logger.</param>
    /// <param name="exception">The exception to attach.</param>
    /// <param name="message">The interpolated message (the compiler builds the handler).</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Trace(this ILogger logger, Exception? exception, [InterpolatedStringHandlerArgument(nameof(logger))] ref MatCarvTraceLogHandler message)
    {
        if (message.Entry is { } entry)
        {
            Write(logger, LogLevel.Trace, exception, entry);
        }
    }

    /// <summary>Logs at Debug from an interpolated string.</summary>
    /// <param name="logger">The logger.</param>
    /// <param name="message">The interpolated message (the compiler builds the handler).</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Debug(this ILogger logger, [InterpolatedStringHandlerArgument(nameof(logger))] ref MatCarvDebugLogHandler message)
    {
        if (message.Entry is { } entry)
        {
            Write(logger, LogLevel.Debug, null, entry);
        }
    }

    /// <summary>Logs at Debug from an interpolated string.</summary>
    /// <param name="logger">The logger.</param>
    /// <param name="exception">The exception to attach.</param>
    /// <param name="message">The interpolated message (the compiler builds the handler).</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Debug(this ILogger logger, Exception? exception, [InterpolatedStringHandlerArgument(nameof(logger))] ref MatCarvDebugLogHandler message)
    {
        if (message.Entry is { } entry)
        {
            Write(logger, LogLevel.Debug, exception, entry);
        }
    }

    /// <summary>Logs at Information from an interpolated string.</summary>
    /// <param name="logger">The logger.</param>
    /// <param name="message">The interpolated message (the compiler builds the handler).</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Info(this ILogger logger, [InterpolatedStringHandlerArgument(nameof(logger))] ref MatCarvInformationLogHandler message)
    {
        if (message.Entry is { } entry)
        {
            Write(logger, LogLevel.Information, null, entry);
        }
    }

    /// <summary>Logs at Information from an interpolated string.</summary>
    /// <param name="logger">The logger.</param>
    /// <param name="exception">The exception to attach.</param>
    /// <param name="message">The interpolated message (the compiler builds the handler).</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Info(this ILogger logger, Exception? exception, [InterpolatedStringHandlerArgument(nameof(logger))] ref MatCarvInformationLogHandler message)
    {
        if (message.Entry is { } entry)
        {
            Write(logger, LogLevel.Information, exception, entry);
        }
    }

    /// <summary>Logs at Warning from an interpolated string.</summary>
    /// <param name="logger">The logger.</param>
    /// <param name="message">The interpolated message (the compiler builds the handler).</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Warn(this ILogger logger, [InterpolatedStringHandlerArgument(nameof(logger))] ref MatCarvWarningLogHandler message)
    {
        if (message.Entry is { } entry)
        {
            Write(logger, LogLevel.Warning, null, entry);
        }
    }

    /// <summary>Logs at Warning from an interpolated string.</summary>
    /// <param name="logger">The logger.</param>
    /// <param name="exception">The exception to attach.</param>
    /// <param name="message">The interpolated message (the compiler builds the handler).</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Warn(this ILogger logger, Exception? exception, [InterpolatedStringHandlerArgument(nameof(logger))] ref MatCarvWarningLogHandler message)
    {
        if (message.Entry is { } entry)
        {
            Write(logger, LogLevel.Warning, exception, entry);
        }
    }

    /// <summary>Logs at Error from an interpolated string.</summary>
    /// <param name="logger">The logger.</param>
    /// <param name="message">The interpolated message (the compiler builds the handler).</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Error(this ILogger logger, [InterpolatedStringHandlerArgument(nameof(logger))] ref MatCarvErrorLogHandler message)
    {
        if (message.Entry is { } entry)
        {
            Write(logger, LogLevel.Error, null, entry);
        }
    }

    /// <summary>Logs at Error from an interpolated string.</summary>
    /// <param name="logger">The logger.</param>
    /// <param name="exception">The exception to attach.</param>
    /// <param name="message">The interpolated message (the compiler builds the handler).</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Error(this ILogger logger, Exception? exception, [InterpolatedStringHandlerArgument(nameof(logger))] ref MatCarvErrorLogHandler message)
    {
        if (message.Entry is { } entry)
        {
            Write(logger, LogLevel.Error, exception, entry);
        }
    }

    /// <summary>Logs at Critical from an interpolated string.</summary>
    /// <param name="logger">The logger.</param>
    /// <param name="message">The interpolated message (the compiler builds the handler).</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Critical(this ILogger logger, [InterpolatedStringHandlerArgument(nameof(logger))] ref MatCarvCriticalLogHandler message)
    {
        if (message.Entry is { } entry)
        {
            Write(logger, LogLevel.Critical, null, entry);
        }
    }

    /// <summary>Logs at Critical from an interpolated string.</summary>
    /// <param name="logger">The logger.</param>
    /// <param name="exception">The exception to attach.</param>
    /// <param name="message">The interpolated message (the compiler builds the handler).</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Critical(this ILogger logger, Exception? exception, [InterpolatedStringHandlerArgument(nameof(logger))] ref MatCarvCriticalLogHandler message)
    {
        if (message.Entry is { } entry)
        {
            Write(logger, LogLevel.Critical, exception, entry);
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void Write(ILogger logger, LogLevel level, Exception? exception, InterpolatedEntry entry)
    {
        try
        {
            logger.Log(level, default, new InterpolatedLogState(entry), exception, InterpolatedLogState.Formatter);
        }
        finally
        {
            entry.Release();
        }
    }
}
