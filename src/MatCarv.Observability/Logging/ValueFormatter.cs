using System.Collections;
using System.Globalization;
using MatCarv.Observability.Diagnostics;

namespace MatCarv.Observability.Logging;

/// <summary>
/// Renders argument values into message text the way Microsoft.Extensions.Logging does (invariant culture, <c>(null)</c>,
/// sequences joined with <c>", "</c>), but into a reused buffer instead of a new string, and never throwing: a failing
/// <c>ToString</c> becomes a marker and is counted.
/// </summary>
internal static class ValueFormatter
{
    public const string NullText = "(null)";

    public static void Append(CharBuffer buffer, object? value, string? format, SelfDiagnostics? diagnostics, int depth = 0)
    {
        switch (value)
        {
            case null:
                buffer.Append(NullText);
                return;
            case string s:
                buffer.Append(s);
                return;
            case ISpanFormattable spanFormattable:
                AppendSpanFormattable(buffer, spanFormattable, format, diagnostics);
                return;
            case IFormattable formattable:
                AppendSafe(buffer, formattable, format, diagnostics);
                return;
            case IEnumerable sequence when depth == 0:
                AppendSequence(buffer, sequence, diagnostics);
                return;
            default:
                AppendSafe(buffer, value, null, diagnostics);
                return;
        }
    }

    public static void AppendSpanFormattable<T>(CharBuffer buffer, T value, string? format, SelfDiagnostics? diagnostics)
        where T : ISpanFormattable
    {
        try
        {
            int hint = 32;
            while (true)
            {
                var span = buffer.GetSpan(hint);
                if (value.TryFormat(span, out int written, format, CultureInfo.InvariantCulture))
                {
                    buffer.Advance(written);
                    return;
                }

                if (hint > 1 << 20)
                {
                    break;
                }

                hint *= 4;
            }

            buffer.Append(value.ToString(format, CultureInfo.InvariantCulture));
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            AppendFailure(buffer, value, ex, diagnostics);
        }
    }

    /// <summary>ToString that never throws; null for a null result.</summary>
    public static string? SafeToString(object value, string? format, SelfDiagnostics? diagnostics)
    {
        try
        {
            return value is IFormattable f ? f.ToString(format, CultureInfo.InvariantCulture) : value.ToString();
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            diagnostics?.ReportDrop("logging", "tostring_failed");
            return FailureText(value, ex);
        }
    }

    public static string FailureText(object value, Exception ex) => "[ToString of " + value.GetType().FullName + " threw " + ex.GetType().FullName + "]";

    private static void AppendSafe(CharBuffer buffer, object value, string? format, SelfDiagnostics? diagnostics) =>
        buffer.Append(SafeToString(value, format, diagnostics) ?? string.Empty);

    private static void AppendFailure(CharBuffer buffer, object? value, Exception ex, SelfDiagnostics? diagnostics)
    {
        diagnostics?.ReportDrop("logging", "tostring_failed");
        buffer.Append(value is null ? NullText : FailureText(value, ex));
    }

    private static void AppendSequence(CharBuffer buffer, IEnumerable sequence, SelfDiagnostics? diagnostics)
    {
        try
        {
            bool first = true;
            int count = 0;
            foreach (var item in sequence)
            {
                if (!first)
                {
                    buffer.Append(", ");
                }

                first = false;
                Append(buffer, item, null, diagnostics, 1);
                if (++count >= JsonValueWriter.MaxSequenceItems || buffer.Truncated)
                {
                    buffer.Append(", …");
                    break;
                }
            }
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            AppendFailure(buffer, sequence, ex, diagnostics);
        }
    }
}
