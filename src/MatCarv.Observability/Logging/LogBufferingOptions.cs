using Microsoft.Extensions.Logging;

namespace MatCarv.Observability.Logging;

/// <summary>
/// Log buffering: entries at or below <see cref="BufferAtLogLevel"/> are kept in memory per Lambda invocation (or per
/// request outside Lambda: the local root <c>Activity</c>) and written only if an error is logged in that invocation or
/// request. They are discarded when it ends. Each entry keeps its original timestamp.
/// </summary>
public sealed class LogBufferingOptions
{
    /// <summary>Turns buffering on. Default false.</summary>
    public bool Enabled { get; set; }

    /// <summary>The highest level that is buffered (Trace, Debug, Information or Warning). Default Debug.</summary>
    public LogLevel BufferAtLogLevel { get; set; } = LogLevel.Debug;

    /// <summary>The most bytes buffered per invocation or request; the oldest entries are evicted first (counted). Default 20480.</summary>
    public int MaxBytes { get; set; } = 20480;

    /// <summary>Writes the buffer out when an entry at Error or above is logged in the same invocation or request. Default true.</summary>
    public bool FlushOnErrorLog { get; set; } = true;

    /// <summary>Writes the buffer out when a Lambda invocation ends with an unhandled exception. Default true.</summary>
    public bool FlushOnUnhandledError { get; set; } = true;
}
