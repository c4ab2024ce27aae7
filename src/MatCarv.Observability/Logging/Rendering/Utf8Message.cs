using System.Buffers;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;

namespace MatCarv.Observability.Logging.Rendering;

/// <summary>
/// A log message rendered once, straight into the bytes of its JSON string: UTF-8, escaped exactly as
/// <see cref="Utf8JsonWriter"/> with the relaxed encoder escapes it, between quotes, so that the line writes it with one
/// copy. It also remembers where each value's text sits, so that a value whose JSON is that text (a string, a number
/// without a format) is written as a copy instead of being formatted and escaped a second time.
/// <para>
/// It is the fast path only. Text it cannot reproduce byte for byte — a message longer than the size limit (the char path
/// cuts it and marks it), text with a lone surrogate (the char path replaces it, and a pair may span two pieces), a value
/// whose formatting throws — sets <see cref="Failed"/>, and the caller renders the message with the char path instead.
/// Nothing here runs user code, so rendering twice is safe. Measured: about 30 % of a line's cost went into rendering the
/// message into chars, transcoding and escaping it, then transcoding and escaping each value again (perf, 2026-12-03).
/// </para>
/// <para>
/// Secrets (<see cref="ScanSecrets"/>, on with <c>MatCarvLoggerOptions.RedactSecretValues</c>): the char path redacts the
/// whole message and each string value by shape (<see cref="Redaction.SecretRedactor"/>). Here the text of every piece is
/// also kept as chars, and <see cref="Complete"/> (the whole message) and <see cref="MarkValue"/> (each string value: a
/// value alone can show a shape that its neighbours hide, and its bytes are copied as its key's value) hand any entry in
/// which a secret is found to the char path, which replaces it. Shapes often span a literal and a value
/// (<c>"Password={Value}"</c>), so the message is checked as a whole, never piece by piece only.
/// </para>
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "Per-thread scratch like LogLineBuilder's writer: a Utf8JsonWriter over an ArrayBufferWriter holds no unmanaged resource.")]
internal sealed class Utf8Message
{
    private const int ShrinkAbove = 64 * 1024;
    private static readonly JavaScriptEncoder Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping;

    private byte[] _bytes = new byte[512];
    private byte[] _quoted = new byte[128];
    private char[] _chars = new char[256];
    private int _charLength;
    private int _lastTextStart;
    private ValueText[] _values = new ValueText[8];
    private int _length;
    private int _limit;
    private ArrayBufferWriter<byte>? _escapeBuffer;
    private Utf8JsonWriter? _escapeWriter;

    /// <summary>What a value's rendered text is as JSON.</summary>
    public enum ValueJson : byte
    {
        /// <summary>Not its JSON (a formatted number, a bool, a date…): the value is written on its own.</summary>
        None,

        /// <summary>Its escaped text is the content of its JSON string.</summary>
        String,

        /// <summary>Its text is its JSON (an integer or finite double formatted without a format string).</summary>
        Raw,
    }

    /// <summary>Whether the rendered text is checked for secrets (set before each message; see the class remarks).</summary>
    public bool ScanSecrets { get; set; }

    /// <summary>True when the message could not be rendered here; the caller uses the char path.</summary>
    public bool Failed { get; private set; }

    /// <summary>Where the next byte goes (for <see cref="MarkValue"/>).</summary>
    public int Position => _length;

    /// <summary>Starts a message of at most <paramref name="limit"/> content bytes with <paramref name="valueCount"/> values.</summary>
    public void Reset(int limit, int valueCount)
    {
        if (_bytes.Length > ShrinkAbove)
        {
            _bytes = new byte[512];
            _quoted = new byte[128];
        }

        if (_chars.Length > ShrinkAbove)
        {
            _chars = new char[256];
        }

        if (_values.Length < valueCount)
        {
            _values = new ValueText[Math.Max(valueCount, _values.Length * 2)];
        }
        else
        {
            Array.Clear(_values, 0, valueCount);
        }

        _bytes[0] = (byte)'"';
        _length = 1;
        _limit = limit;
        _charLength = 0;
        _lastTextStart = 0;
        Failed = false;
    }

    /// <summary>Appends text (a literal or a string value), escaped.</summary>
    public void AppendText(ReadOnlySpan<char> text)
    {
        // Every char is at least one UTF-8 byte: text longer than what is left can only overflow.
        if (Failed || !Reserve(text.Length, text.Length * 3))
        {
            return;
        }

        var destination = _bytes.AsSpan(_length);
        if (Utf8.FromUtf16(text, destination, out _, out int written, replaceInvalidSequences: false) != OperationStatus.Done)
        {
            // A lone surrogate: the char path replaces it with U+FFFD (a pair split over two pieces stays a pair there).
            Failed = true;
            return;
        }

        if (ScanSecrets)
        {
            _lastTextStart = _charLength;
            AppendChars(text);
        }

        // Same test Utf8JsonWriter makes (verified for every code point): when nothing needs escaping it copies the UTF-8 as is.
        if (Encoder.FindFirstCharacterToEncodeUtf8(destination[..written]) < 0)
        {
            Advance(written);
            return;
        }

        AppendEscapedByWriter(text);
    }

    /// <summary>Appends bytes that are already escaped (the redaction marker, fixed words).</summary>
    public void AppendEscaped(ReadOnlySpan<byte> escaped)
    {
        if (Failed || !Reserve(escaped.Length, escaped.Length))
        {
            return;
        }

        escaped.CopyTo(_bytes.AsSpan(_length));
        Advance(escaped.Length);
        if (ScanSecrets)
        {
            AppendBytesAsChars(escaped);
        }
    }

    /// <summary>Appends a value formatted with the invariant culture, as the char path's <c>TryFormat</c> would.</summary>
    public void AppendFormatted<T>(T value, string? format)
        where T : IUtf8SpanFormattable
    {
        if (Failed)
        {
            return;
        }

        try
        {
            for (int hint = 32; hint <= 4096; hint *= 4)
            {
                if (!Reserve(1, hint))
                {
                    return;
                }

                var destination = _bytes.AsSpan(_length);
                if (value.TryFormat(destination, out int written, format, CultureInfo.InvariantCulture))
                {
                    // Without a format string every type handled here writes ASCII letters, digits and punctuation that JSON
                    // keeps as is; a custom format may contain anything.
                    if (format is not null && Encoder.FindFirstCharacterToEncodeUtf8(destination[..written]) >= 0)
                    {
                        Failed = true;
                        return;
                    }

                    Advance(written);
                    if (ScanSecrets)
                    {
                        AppendBytesAsChars(destination[..written]);
                    }

                    return;
                }
            }
        }
        catch (Exception ex) when (ex is FormatException or ArgumentException)
        {
            // A bad format string: the char path writes its failure marker and counts it.
        }

        Failed = true;
    }

    /// <summary>Records that the value at <paramref name="index"/> was rendered from <paramref name="start"/> to here.</summary>
    public void MarkValue(int index, int start, ValueJson json)
    {
        // A string value's bytes are copied as its key's value: it must pass the redactor on its own, as the char path's are.
        if (ScanSecrets && json == ValueJson.String && !Failed
            && Redaction.SecretRedactor.ContainsSecret(_chars.AsSpan(_lastTextStart, _charLength - _lastTextStart)))
        {
            Failed = true;
            return;
        }

        if ((uint)index < (uint)_values.Length)
        {
            _values[index] = new ValueText(start, _length - start, json);
        }
    }

    /// <summary>
    /// Ends the message: true when it was rendered here and, with <see cref="ScanSecrets"/>, holds no secret; false hands
    /// the entry to the char path.
    /// </summary>
    public bool Complete()
    {
        if (!Failed && ScanSecrets && Redaction.SecretRedactor.ContainsSecret(_chars.AsSpan(0, _charLength)))
        {
            Failed = true;
        }

        return !Failed;
    }

    /// <summary>The message as a JSON string, quotes included.</summary>
    public ReadOnlySpan<byte> Quoted()
    {
        _bytes[_length] = (byte)'"';
        return _bytes.AsSpan(0, _length + 1);
    }

    /// <summary>The JSON of the value at <paramref name="index"/> when its rendered text is its JSON.</summary>
    public bool TryGetJson(int index, out ReadOnlySpan<byte> json)
    {
        json = default;
        if (Failed || (uint)index >= (uint)_values.Length)
        {
            return false;
        }

        var value = _values[index];
        switch (value.Json)
        {
            case ValueJson.Raw when value.Length > 0:
                json = _bytes.AsSpan(value.Start, value.Length);
                return true;
            case ValueJson.String:
                if (_quoted.Length < value.Length + 2)
                {
                    _quoted = new byte[Math.Max(value.Length + 2, _quoted.Length * 2)];
                }

                _quoted[0] = (byte)'"';
                _bytes.AsSpan(value.Start, value.Length).CopyTo(_quoted.AsSpan(1));
                _quoted[value.Length + 1] = (byte)'"';
                json = _quoted.AsSpan(0, value.Length + 2);
                return true;
            default:
                return false;
        }
    }

    /// <summary>
    /// Makes room for at most <paramref name="maxBytes"/> more bytes, failing when even <paramref name="minBytes"/> would
    /// pass the limit (so a huge argument is never transcoded only to be thrown away).
    /// </summary>
    private bool Reserve(int minBytes, int maxBytes)
    {
        if (_length - 1 + minBytes > _limit)
        {
            Failed = true;
            return false;
        }

        // One byte more for the closing quote.
        int needed = _length + maxBytes + 1;
        if (needed > _bytes.Length)
        {
            var bigger = new byte[Math.Max(needed, _bytes.Length * 2)];
            _bytes.AsSpan(0, _length).CopyTo(bigger);
            _bytes = bigger;
        }

        return true;
    }

    private void AppendChars(ReadOnlySpan<char> text)
    {
        EnsureChars(text.Length);
        text.CopyTo(_chars.AsSpan(_charLength));
        _charLength += text.Length;
    }

    /// <summary>Formatted values and fixed words: ASCII whenever a shape could be in them, so a byte is a char.</summary>
    private void AppendBytesAsChars(ReadOnlySpan<byte> bytes)
    {
        EnsureChars(bytes.Length);
        System.Text.Encoding.Latin1.GetChars(bytes, _chars.AsSpan(_charLength));
        _charLength += bytes.Length;
    }

    private void EnsureChars(int count)
    {
        if (_charLength + count > _chars.Length)
        {
            var bigger = new char[Math.Max(_charLength + count, _chars.Length * 2)];
            _chars.AsSpan(0, _charLength).CopyTo(bigger);
            _chars = bigger;
        }
    }

    private void Advance(int count)
    {
        _length += count;
        if (_length - 1 > _limit)
        {
            Failed = true;
        }
    }

    /// <summary>The rare text that needs escaping (quotes, control characters, characters outside the BMP…): the writer escapes it, so the bytes are its own.</summary>
    private void AppendEscapedByWriter(ReadOnlySpan<char> text)
    {
        _escapeBuffer ??= new ArrayBufferWriter<byte>(256);
        _escapeBuffer.ResetWrittenCount();
        if (_escapeWriter is null)
        {
            _escapeWriter = new Utf8JsonWriter(_escapeBuffer, new JsonWriterOptions { Encoder = Encoder, SkipValidation = true });
        }
        else
        {
            _escapeWriter.Reset(_escapeBuffer);
        }

        _escapeWriter.WriteStringValue(text);
        _escapeWriter.Flush();
        var quoted = _escapeBuffer.WrittenSpan;
        var content = quoted[1..^1];
        if (!Reserve(content.Length, content.Length))
        {
            return;
        }

        content.CopyTo(_bytes.AsSpan(_length));
        Advance(content.Length);
        if (_escapeBuffer.Capacity > ShrinkAbove)
        {
            _escapeBuffer = null;
            _escapeWriter = null;
        }
    }

    private readonly record struct ValueText(int Start, int Length, ValueJson Json);
}
