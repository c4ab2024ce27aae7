using System.Globalization;

namespace MatCarv.Observability.Tracing;

/// <summary>Sanitising of names and keys to what the X-Ray segment document schema accepts.</summary>
internal static class XRayNames
{
    /// <summary>X-Ray: segment and subsegment names are at most 200 characters.</summary>
    public const int MaxNameLength = 200;

    /// <summary>X-Ray schema: annotation keys match <c>^[a-zA-Z0-9_]{1,500}$</c>.</summary>
    public const int MaxAnnotationKeyLength = 500;

    /// <summary>
    /// X-Ray schema: names may hold Unicode letters, numbers and whitespace and <c>_ . : / % &amp; # = + - @</c>; anything else is
    /// removed (as the AWS OpenTelemetry exporter does), the result truncated to 200 characters, and an empty name becomes "span".
    /// </summary>
    public static string SanitizeName(string? name)
    {
        if (string.IsNullOrEmpty(name))
        {
            return "span";
        }

        bool clean = name.Length <= MaxNameLength;
        if (clean)
        {
            foreach (var c in name)
            {
                if (!IsNameChar(c))
                {
                    clean = false;
                    break;
                }
            }
        }

        if (clean)
        {
            return name;
        }

        var sb = new System.Text.StringBuilder(Math.Min(name.Length, MaxNameLength));
        foreach (var c in name)
        {
            if (IsNameChar(c))
            {
                sb.Append(c);
                if (sb.Length == MaxNameLength)
                {
                    break;
                }
            }
        }

        return sb.Length == 0 ? "span" : sb.ToString();
    }

    /// <summary>
    /// <see cref="SanitizeName(string?)"/> into <paramref name="destination"/> (at least <see cref="MaxNameLength"/> characters)
    /// without allocating; returns the length written.
    /// </summary>
    public static int SanitizeName(string? name, Span<char> destination)
    {
        if (string.IsNullOrEmpty(name))
        {
            "span".CopyTo(destination);
            return 4;
        }

        int length = 0;
        foreach (var c in name)
        {
            if (IsNameChar(c))
            {
                destination[length++] = c;
                if (length == MaxNameLength)
                {
                    break;
                }
            }
        }

        if (length == 0)
        {
            "span".CopyTo(destination);
            return 4;
        }

        return length;
    }

    /// <summary>X-Ray schema: annotation keys are <c>[a-zA-Z0-9_]</c>; other characters become <c>_</c> (the OpenTelemetry exporter's rule).</summary>
    public static string? SanitizeAnnotationKey(string? key)
    {
        if (string.IsNullOrEmpty(key))
        {
            return null;
        }

        bool clean = key.Length <= MaxAnnotationKeyLength;
        if (clean)
        {
            foreach (var c in key)
            {
                if (!IsKeyChar(c))
                {
                    clean = false;
                    break;
                }
            }
        }

        if (clean)
        {
            return key;
        }

        var length = Math.Min(key.Length, MaxAnnotationKeyLength);
        return string.Create(length, key, static (span, source) =>
        {
            for (int i = 0; i < span.Length; i++)
            {
                span[i] = IsKeyChar(source[i]) ? source[i] : '_';
            }
        });
    }

    private static bool IsKeyChar(char c) => char.IsAsciiLetterOrDigit(c) || c == '_';

    private static bool IsNameChar(char c)
    {
        if (char.IsAsciiLetterOrDigit(c))
        {
            return true;
        }

        switch (c)
        {
            case ' ' or '_' or '.' or ':' or '/' or '%' or '&' or '#' or '=' or '+' or '-' or '@':
                return true;
        }

        if (c < 128)
        {
            return false;
        }

        var category = char.GetUnicodeCategory(c);
        return category is UnicodeCategory.UppercaseLetter or UnicodeCategory.LowercaseLetter or UnicodeCategory.TitlecaseLetter
            or UnicodeCategory.ModifierLetter or UnicodeCategory.OtherLetter or UnicodeCategory.DecimalDigitNumber
            or UnicodeCategory.LetterNumber or UnicodeCategory.OtherNumber or UnicodeCategory.SpaceSeparator;
    }
}
