using System.ComponentModel;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;

namespace MatCarv.Observability.Logging.Interpolation;

/// <summary>
/// Built by the compiler for <see cref="MatCarvLoggerExtensions.Error(ILogger, ref MatCarvErrorLogHandler)"/>: checks that
/// Error is enabled first (when it is not, no argument is evaluated or formatted) and captures the literals and typed
/// values of the interpolated string, keyed by their argument expressions, without boxing or building a string.
/// </summary>
[InterpolatedStringHandler]
[EditorBrowsable(EditorBrowsableState.Never)]
public ref struct MatCarvErrorLogHandler
{
    private readonly InterpolatedEntry? _entry;

    /// <summary>Called by the compiler.</summary>
    /// <param name="literalLength">The length of the literal parts.</param>
    /// <param name="formattedCount">The number of holes.</param>
    /// <param name="logger">The logger.</param>
    /// <param name="isEnabled">Whether the level is enabled; the compiler skips the appends when false.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public MatCarvErrorLogHandler(int literalLength, int formattedCount, ILogger logger, out bool isEnabled)
    {
        isEnabled = logger is not null && logger.IsEnabled(LogLevel.Error);
        _entry = isEnabled ? InterpolatedEntry.Acquire() : null;
    }

    internal readonly InterpolatedEntry? Entry => _entry;

    /// <summary>Called by the compiler for a literal part.</summary>
    /// <param name="value">The literal.</param>
    public readonly void AppendLiteral(string value) => _entry?.AppendLiteral(value);

    /// <summary>Called by the compiler for a hole; the argument expression becomes the key.</summary>
    /// <typeparam name="T">The value type.</typeparam>
    /// <param name="value">The value.</param>
    /// <param name="alignment">The alignment of the hole.</param>
    /// <param name="format">The format of the hole.</param>
    /// <param name="name">The argument expression (supplied by the compiler).</param>
    public readonly void AppendFormatted<T>(T value, int alignment = 0, string? format = null, [CallerArgumentExpression(nameof(value))] string? name = null) =>
        _entry?.AppendFormatted(value, alignment, format, name);
}
