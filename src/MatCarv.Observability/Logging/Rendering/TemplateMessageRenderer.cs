namespace MatCarv.Observability.Logging.Rendering;

/// <summary>
/// Renders a Microsoft.Extensions.Logging message template (<c>[LoggerMessage]</c>, <c>LogInformation(template, args)</c>)
/// into a <see cref="Utf8Message"/>, as the char path renders it (invariant culture, <c>(null)</c>, <c>True</c>/<c>False</c>),
/// for the value types that path formats itself. Anything else — a destructured hole, an alignment, a missing argument
/// (kept as its placeholder), a value of another type (its <c>ToString</c> must run once) — is decided up front and left
/// to the char path.
/// </summary>
internal static class TemplateMessageRenderer
{
    public static bool TryRender(
        Utf8Message message,
        MessageTemplate template,
        ReadOnlySpan<object?> values,
        ReadOnlySpan<UserKey> keys,
        ReadOnlySpan<byte> redactionMarker,
        int limit)
    {
        var holes = template.Holes;
        if (values.Length != holes.Length || keys.Length < holes.Length)
        {
            return false;
        }

        for (int i = 0; i < holes.Length; i++)
        {
            var hole = holes[i];
            if (hole.Destructure || hole.Alignment != 0 || (!keys[i].Sensitive && !IsFormattedHere(values[i])))
            {
                return false;
            }
        }

        message.Reset(limit, holes.Length);
        foreach (var segment in template.Segments)
        {
            if (segment.Literal is not null)
            {
                message.AppendText(segment.Literal);
                continue;
            }

            int index = segment.HoleIndex;
            if (keys[index].Sensitive)
            {
                message.AppendEscaped(redactionMarker);
                continue;
            }

            int start = message.Position;
            var json = Append(message, values[index], holes[index].Format);
            message.MarkValue(index, start, json);
        }

        return message.Complete();
    }

    private static bool IsFormattedHere(object? value) =>
        value is null or string or bool or int or long or double or float or decimal or short or byte or sbyte or ushort or uint or ulong
            or Guid or DateTime or DateTimeOffset or TimeSpan;

    /// <summary>Appends one value; the result says whether its text is its JSON (what <c>JsonValueWriter</c> would write for it).</summary>
    private static Utf8Message.ValueJson Append(Utf8Message message, object? value, string? format)
    {
        var raw = format is null ? Utf8Message.ValueJson.Raw : Utf8Message.ValueJson.None;
        switch (value)
        {
            case null:
                message.AppendEscaped("(null)"u8);
                return Utf8Message.ValueJson.None;
            case string s:
                message.AppendText(s);
                return Utf8Message.ValueJson.String;
            case bool b:
                message.AppendEscaped(b ? "True"u8 : "False"u8);
                return Utf8Message.ValueJson.None;
            case int v:
                message.AppendFormatted(v, format);
                return raw;
            case long v:
                message.AppendFormatted(v, format);
                return raw;
            case double v:
                message.AppendFormatted(v, format);
                return double.IsFinite(v) ? raw : Utf8Message.ValueJson.None;
            case short v:
                message.AppendFormatted(v, format);
                return raw;
            case byte v:
                message.AppendFormatted(v, format);
                return raw;
            case sbyte v:
                message.AppendFormatted(v, format);
                return raw;
            case ushort v:
                message.AppendFormatted(v, format);
                return raw;
            case uint v:
                message.AppendFormatted(v, format);
                return raw;
            case ulong v:
                message.AppendFormatted(v, format);
                return raw;
            case float v:
                // Its JSON is written as a double (more digits than the float's own text): not a copy.
                message.AppendFormatted(v, format);
                return Utf8Message.ValueJson.None;
            case decimal v:
                message.AppendFormatted(v, format);
                return Utf8Message.ValueJson.None;
            case Guid v:
                message.AppendFormatted(v, format);
                return Utf8Message.ValueJson.None;
            case DateTime v:
                message.AppendFormatted(v, format);
                return Utf8Message.ValueJson.None;
            case DateTimeOffset v:
                message.AppendFormatted(v, format);
                return Utf8Message.ValueJson.None;
            case TimeSpan v:
                message.AppendFormatted(v, format);
                return Utf8Message.ValueJson.None;
            default:
                return Utf8Message.ValueJson.None;
        }
    }
}
