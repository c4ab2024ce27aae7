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
/// <remarks>
/// The per-level methods (<c>Trace</c>, <c>Debug</c>, <c>Info</c>, <c>Warn</c>, <c>Error</c>, <c>Critical</c>, each with and
/// without an exception) and their handlers are generated at build time from one template
/// (<c>src/MatCarv.Observability.Generators/InterpolatedLoggingTemplate.cs</c>).
/// </remarks>
public static partial class MatCarvLoggerExtensions
{
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
