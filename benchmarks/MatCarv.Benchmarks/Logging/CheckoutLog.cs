using Microsoft.Extensions.Logging;

namespace MatCarv.Benchmarks.Logging;

/// <summary>The benchmark entry as MEL's recommended fast path: source-generated <c>[LoggerMessage]</c> methods.</summary>
internal static partial class CheckoutLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Customer {CustomerName} checked out {ItemCount} items in {ElapsedMs} ms")]
    public static partial void CheckedOut(ILogger logger, string customerName, int itemCount, double elapsedMs);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Customer {CustomerName} checked out {ItemCount} items in {ElapsedMs} ms")]
    public static partial void CheckedOutDebug(ILogger logger, string customerName, int itemCount, double elapsedMs);
}
