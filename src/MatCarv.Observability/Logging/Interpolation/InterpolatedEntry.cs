using System.Globalization;
using System.Text.Json;
using MatCarv.Observability.Logging.Rendering;

namespace MatCarv.Observability.Logging.Interpolation;

/// <summary>
/// What an interpolated log call captured: literal parts (references, not copies) and typed values. One per thread,
/// reused; the message is rendered later by the provider, which knows which values to redact.
/// </summary>
internal sealed class InterpolatedEntry
{
    private static readonly SensitiveKeys DefaultSensitiveKeys = new([]);

    [ThreadStatic]
    private static InterpolatedEntry? t_cached;

    private Part[] _parts = new Part[16];
    private int[] _textStart = new int[8];
    private int[] _textLength = new int[8];
    private LogValue[] _values = new LogValue[8];
    private bool _inUse;

    public int PartCount { get; private set; }

    public int ValueCount { get; private set; }

    public ReadOnlySpan<Part> Parts => _parts.AsSpan(0, PartCount);

    public ReadOnlySpan<LogValue> Values => _values.AsSpan(0, ValueCount);

    public static InterpolatedEntry Acquire()
    {
        var entry = t_cached;
        if (entry is null)
        {
            entry = t_cached = new InterpolatedEntry();
        }
        else if (entry._inUse)
        {
            // A value's ToString logged while this entry was being filled: use a private one.
            entry = new InterpolatedEntry();
        }

        entry._inUse = true;
        entry.PartCount = 0;
        entry.ValueCount = 0;
        return entry;
    }

    public void Release()
    {
        Array.Clear(_values, 0, ValueCount);
        Array.Clear(_parts, 0, PartCount);
        PartCount = 0;
        ValueCount = 0;
        _inUse = false;
    }

    public void AppendLiteral(string? literal)
    {
        if (!string.IsNullOrEmpty(literal))
        {
            AddPart(new Part(literal, -1));
        }
    }

    public void AppendFormatted<T>(T value, int alignment, string? format, string? name)
    {
        ref var slot = ref NextValue();
        slot.Name = name;
        slot.Format = format;
        slot.Alignment = alignment;

        // typeof(T) tests are folded by the JIT per instantiation: each AppendFormatted<int> is a single store, no box.
        if (value is null)
        {
            slot.Kind = LogValueKind.Null;
        }
        else if (typeof(T) == typeof(string))
        {
            slot.Kind = LogValueKind.String;
            slot.Object = value;
        }
        else if (typeof(T) == typeof(int))
        {
            slot.Kind = LogValueKind.Int64;
            slot.Int64 = (int)(object)value;
        }
        else if (typeof(T) == typeof(long))
        {
            slot.Kind = LogValueKind.Int64;
            slot.Int64 = (long)(object)value;
        }
        else if (typeof(T) == typeof(double))
        {
            slot.Kind = LogValueKind.Double;
            slot.Double = (double)(object)value;
        }
        else if (typeof(T) == typeof(bool))
        {
            slot.Kind = LogValueKind.Boolean;
            slot.Int64 = (bool)(object)value ? 1 : 0;
        }
        else if (typeof(T) == typeof(float))
        {
            slot.Kind = LogValueKind.Double;
            slot.Double = (float)(object)value;
        }
        else if (typeof(T) == typeof(decimal))
        {
            slot.Kind = LogValueKind.Decimal;
            slot.Decimal = (decimal)(object)value;
        }
        else if (typeof(T) == typeof(short))
        {
            slot.Kind = LogValueKind.Int64;
            slot.Int64 = (short)(object)value;
        }
        else if (typeof(T) == typeof(byte))
        {
            slot.Kind = LogValueKind.Int64;
            slot.Int64 = (byte)(object)value;
        }
        else if (typeof(T) == typeof(uint))
        {
            slot.Kind = LogValueKind.Int64;
            slot.Int64 = (uint)(object)value;
        }
        else if (typeof(T) == typeof(ulong))
        {
            slot.Kind = LogValueKind.UInt64;
            slot.Int64 = unchecked((long)(ulong)(object)value);
        }
        else if (typeof(T) == typeof(DateTime))
        {
            var dt = (DateTime)(object)value;
            slot.Kind = LogValueKind.DateTime;
            slot.Int64 = dt.Ticks;
            slot.Double = (int)dt.Kind;
        }
        else if (typeof(T) == typeof(DateTimeOffset))
        {
            var dto = (DateTimeOffset)(object)value;
            slot.Kind = LogValueKind.DateTimeOffset;
            slot.Int64 = dto.Ticks;
            slot.Double = dto.Offset.TotalMinutes;
        }
        else if (typeof(T) == typeof(TimeSpan))
        {
            slot.Kind = LogValueKind.TimeSpan;
            slot.Int64 = ((TimeSpan)(object)value).Ticks;
        }
        else if (typeof(T) == typeof(Guid))
        {
            slot.Kind = LogValueKind.Guid;
            slot.Guid = (Guid)(object)value;
        }
        else
        {
            slot.Kind = LogValueKind.Object;
            slot.Object = value;
        }

        AddPart(new Part(null, ValueCount - 1));
    }

    /// <summary>Renders the message without redaction knowledge (for providers other than ours).</summary>
    public string RenderToString()
    {
        var buffer = new CharBuffer();
        buffer.Reset(MatCarvLoggerOptions.DefaultMaxMessageBytes);
        Span<bool> redacted = ValueCount <= 64 ? stackalloc bool[ValueCount] : new bool[ValueCount];
        for (int i = 0; i < ValueCount; i++)
        {
            redacted[i] = _values[i].Name is { } name && DefaultSensitiveKeys.IsSensitive(ArgumentName.Extract(name));
        }

        Render(buffer, redacted, "[REDACTED]");
        return buffer.ToString();
    }

    /// <summary>Renders the message; values flagged in <paramref name="redacted"/> become <paramref name="redactionMarker"/>.</summary>
    public void Render(CharBuffer buffer, ReadOnlySpan<bool> redacted, string redactionMarker, Diagnostics.SelfDiagnostics? diagnostics = null)
    {
        foreach (var part in Parts)
        {
            if (part.Literal is not null)
            {
                buffer.Append(part.Literal);
                continue;
            }

            ref readonly var value = ref _values[part.ValueIndex];
            int start = buffer.Length;
            if (part.ValueIndex < _textStart.Length)
            {
                _textStart[part.ValueIndex] = start;
            }

            if (part.ValueIndex < redacted.Length && redacted[part.ValueIndex])
            {
                buffer.Append(redactionMarker);
            }
            else
            {
                AppendValue(buffer, value, diagnostics);
            }

            if (part.ValueIndex < _textLength.Length)
            {
                _textLength[part.ValueIndex] = buffer.Truncated ? -1 : buffer.Length - start;
            }

            buffer.Align(start, value.Alignment);
        }
    }

    /// <summary>
    /// True when <see cref="RenderUtf8"/> can render this entry: no alignment (padding counts chars) and no value of another
    /// type (its <c>ToString</c> must run once, so it is decided before anything is rendered).
    /// </summary>
    public bool CanRenderUtf8()
    {
        foreach (ref readonly var value in Values)
        {
            if (value.Alignment != 0 || value.Kind == LogValueKind.Object)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// Renders the message straight into its JSON string bytes, as <see cref="Render"/> renders it into chars; values flagged
    /// in <paramref name="redacted"/> become <paramref name="redactionMarker"/> (escaped). Check <see cref="Utf8Message.Failed"/>.
    /// </summary>
    public void RenderUtf8(Utf8Message message, ReadOnlySpan<bool> redacted, ReadOnlySpan<byte> redactionMarker)
    {
        foreach (var part in Parts)
        {
            if (part.Literal is not null)
            {
                message.AppendText(part.Literal);
                continue;
            }

            int index = part.ValueIndex;
            if (index < redacted.Length && redacted[index])
            {
                message.AppendEscaped(redactionMarker);
                continue;
            }

            ref readonly var value = ref _values[index];
            int start = message.Position;
            var json = Utf8Message.ValueJson.None;
            switch (value.Kind)
            {
                case LogValueKind.Null:
                    message.AppendEscaped("(null)"u8);
                    break;
                case LogValueKind.String:
                    message.AppendText((string)value.Object!);
                    json = Utf8Message.ValueJson.String;
                    break;
                case LogValueKind.Boolean:
                    message.AppendEscaped(value.Int64 != 0 ? "True"u8 : "False"u8);
                    break;
                case LogValueKind.Int64:
                    message.AppendFormatted(value.Int64, value.Format);
                    json = value.Format is null ? Utf8Message.ValueJson.Raw : json;
                    break;
                case LogValueKind.UInt64:
                    message.AppendFormatted(unchecked((ulong)value.Int64), value.Format);
                    json = value.Format is null ? Utf8Message.ValueJson.Raw : json;
                    break;
                case LogValueKind.Double:
                    message.AppendFormatted(value.Double, value.Format);
                    json = value.Format is null && double.IsFinite(value.Double) ? Utf8Message.ValueJson.Raw : json;
                    break;
                case LogValueKind.Decimal:
                    message.AppendFormatted(value.Decimal, value.Format);
                    break;
                case LogValueKind.Guid:
                    message.AppendFormatted(value.Guid, value.Format);
                    break;
                case LogValueKind.DateTime:
                    message.AppendFormatted(new DateTime(value.Int64, (DateTimeKind)(int)value.Double), value.Format);
                    break;
                case LogValueKind.DateTimeOffset:
                    message.AppendFormatted(new DateTimeOffset(value.Int64, TimeSpan.FromMinutes(value.Double)), value.Format);
                    break;
                case LogValueKind.TimeSpan:
                    message.AppendFormatted(new TimeSpan(value.Int64), value.Format);
                    break;
                default:
                    // Not reached: CanRenderUtf8 sends such entries to the char path.
                    return;
            }

            message.MarkValue(index, start, json);
        }
    }

    /// <summary>
    /// The text a value rendered to in the message, when it can be reused as its JSON number: a double formatted with
    /// the default format is the shortest round-trip text, which is also valid JSON (finite values only), so it is
    /// formatted once instead of twice.
    /// </summary>
    public bool TryGetRenderedNumber(int index, ReadOnlySpan<char> message, out ReadOnlySpan<char> text)
    {
        text = default;
        ref readonly var value = ref _values[index];
        if (value.Kind != LogValueKind.Double || value.Format is not null || value.Alignment != 0 || index >= _textLength.Length
            || !double.IsFinite(value.Double))
        {
            return false;
        }

        int start = _textStart[index], length = _textLength[index];
        if (length <= 0 || start + length > message.Length)
        {
            return false;
        }

        text = message.Slice(start, length);
        return true;
    }

    private static void AppendValue(CharBuffer buffer, in LogValue value, Diagnostics.SelfDiagnostics? diagnostics)
    {
        switch (value.Kind)
        {
            case LogValueKind.Null:
                buffer.Append(ValueFormatter.NullText);
                break;
            case LogValueKind.String:
                buffer.Append((string)value.Object!);
                break;
            case LogValueKind.Boolean:
                buffer.Append(value.Int64 != 0 ? "True" : "False");
                break;
            case LogValueKind.Int64:
                ValueFormatter.AppendSpanFormattable(buffer, value.Int64, value.Format, diagnostics);
                break;
            case LogValueKind.UInt64:
                ValueFormatter.AppendSpanFormattable(buffer, unchecked((ulong)value.Int64), value.Format, diagnostics);
                break;
            case LogValueKind.Double:
                ValueFormatter.AppendSpanFormattable(buffer, value.Double, value.Format, diagnostics);
                break;
            case LogValueKind.Decimal:
                ValueFormatter.AppendSpanFormattable(buffer, value.Decimal, value.Format, diagnostics);
                break;
            case LogValueKind.Guid:
                ValueFormatter.AppendSpanFormattable(buffer, value.Guid, value.Format, diagnostics);
                break;
            default:
                ValueFormatter.Append(buffer, value.ToObject(), value.Format, diagnostics);
                break;
        }
    }

    /// <summary>Writes the typed JSON value of a captured hole.</summary>
    public static void WriteJson(Utf8JsonWriter writer, in LogValue value, JsonValueWriter values, CharBuffer scratch)
    {
        switch (value.Kind)
        {
            case LogValueKind.Null:
                writer.WriteNullValue();
                break;
            case LogValueKind.String:
                values.WriteString(writer, (string)value.Object!, scratch);
                break;
            case LogValueKind.Boolean:
                writer.WriteBooleanValue(value.Int64 != 0);
                break;
            case LogValueKind.Int64:
                writer.WriteNumberValue(value.Int64);
                break;
            case LogValueKind.UInt64:
                writer.WriteNumberValue(unchecked((ulong)value.Int64));
                break;
            case LogValueKind.Double when double.IsFinite(value.Double):
                writer.WriteNumberValue(value.Double);
                break;
            case LogValueKind.Decimal:
                writer.WriteNumberValue(value.Decimal);
                break;
            case LogValueKind.Guid:
                Span<char> chars = stackalloc char[36];
                value.Guid.TryFormat(chars, out int written);
                writer.WriteStringValue(chars[..written]);
                break;
            default:
                values.WriteValue(writer, value.ToObject(), false, 1, scratch);
                break;
        }
    }

    private ref LogValue NextValue()
    {
        if (ValueCount == _values.Length)
        {
            Array.Resize(ref _values, _values.Length * 2);
            Array.Resize(ref _textStart, _values.Length);
            Array.Resize(ref _textLength, _values.Length);
        }

        return ref _values[ValueCount++];
    }

    private void AddPart(Part part)
    {
        if (PartCount == _parts.Length)
        {
            Array.Resize(ref _parts, _parts.Length * 2);
        }

        _parts[PartCount++] = part;
    }

    /// <summary>A literal (<see cref="Literal"/> set) or a reference to a captured value.</summary>
    internal readonly record struct Part(string? Literal, int ValueIndex);
}
