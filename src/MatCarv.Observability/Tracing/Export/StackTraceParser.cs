using System.Globalization;

namespace MatCarv.Observability.Tracing.Export;

/// <summary>
/// Reads the frames of a .NET stack trace text (<c>Exception.ToString()</c>, the OpenTelemetry <c>exception.stacktrace</c>):
/// lines <c>at Label(args) in /path/File.cs:line 42</c>. X-Ray stack frames are <c>{path, line (integer), label}</c>.
/// </summary>
internal static class StackTraceParser
{
    /// <summary>Returns the next frame starting at <paramref name="position"/>; false at the end of the text.</summary>
    public static bool TryReadFrame(string text, ref int position, out ReadOnlySpan<char> label, out ReadOnlySpan<char> path, out int? line)
    {
        label = default;
        path = default;
        line = null;
        while (position < text.Length)
        {
            int end = text.IndexOf('\n', position);
            if (end < 0)
            {
                end = text.Length;
            }

            var current = text.AsSpan(position, end - position).Trim();
            position = end + 1;
            if (!current.StartsWith("at ", StringComparison.Ordinal))
            {
                continue;
            }

            current = current[3..];
            int inIndex = current.LastIndexOf(" in ", StringComparison.Ordinal);
            if (inIndex < 0)
            {
                label = current;
                return true;
            }

            label = current[..inIndex];
            var location = current[(inIndex + 4)..];
            int lineIndex = location.LastIndexOf(":line ", StringComparison.Ordinal);
            if (lineIndex >= 0 && int.TryParse(location[(lineIndex + 6)..], NumberStyles.None, CultureInfo.InvariantCulture, out var number))
            {
                path = location[..lineIndex];
                line = number;
            }
            else
            {
                path = location;
            }

            return true;
        }

        return false;
    }
}
