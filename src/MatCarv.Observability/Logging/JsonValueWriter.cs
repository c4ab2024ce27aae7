using System.Buffers;
using System.Collections;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using MatCarv.Observability.Diagnostics;

namespace MatCarv.Observability.Logging;

/// <summary>
/// Writes argument and scope values as typed JSON: numbers stay numbers, bool and null stay themselves, dates, times,
/// GUIDs and enums become strings. <c>{@x}</c> destructures JSON DOM values, key/value sequences, dictionaries,
/// sequences and, with <see cref="MatCarvLoggerOptions.TypeInfoResolver"/>, your own types; anything else is written
/// with <c>ToString()</c> — never by reflection. Values under sensitive keys are replaced by the redaction marker at
/// every depth. Depth and sequence length are bounded, so cyclic objects end in a marker, not a stack overflow.
/// </summary>
internal sealed class JsonValueWriter
{
    public const int MaxSequenceItems = 1000;
    public const string MaxDepthMarker = "[max depth]";

    private readonly SensitiveKeys _sensitive;
    private readonly SelfDiagnostics _diagnostics;
    private readonly JsonSerializerOptions? _serializerOptions;

    public JsonValueWriter(SensitiveKeys sensitive, SelfDiagnostics diagnostics, MatCarvLoggerOptions options)
    {
        _sensitive = sensitive;
        _diagnostics = diagnostics;
        MaxDepth = options.MaxDepth;
        MaxStringBytes = options.MaxMessageBytes;
        RedactionMarker = JsonEncodedText.Encode(options.RedactionMarker, System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping);
        RedactionMarkerText = options.RedactionMarker;
        RedactSecretValues = options.RedactSecretValues;
        if (options.TypeInfoResolver is { } resolver)
        {
            _serializerOptions = new JsonSerializerOptions { TypeInfoResolver = resolver, MaxDepth = Math.Max(options.MaxDepth, 1) + 1 };
            _serializerOptions.MakeReadOnly();
        }
    }

    public int MaxDepth { get; }

    public int MaxStringBytes { get; }

    public JsonEncodedText RedactionMarker { get; }

    public string RedactionMarkerText { get; }

    /// <summary>Whether string values are scanned for secrets by their shape (<see cref="Redaction.SecretRedactor"/>).</summary>
    public bool RedactSecretValues { get; }

    public SensitiveKeys Sensitive => _sensitive;

    public SelfDiagnostics Diagnostics => _diagnostics;

    /// <summary>Writes a string value, replacing lone surrogates and truncating above the size limit with a marker.</summary>
    public void WriteString(Utf8JsonWriter writer, ReadOnlySpan<char> value, CharBuffer scratch)
    {
        // Every string on the line passes here (messages, values, ToString output, scopes, exceptions): one place to redact.
        // Nothing is allocated unless a secret is found.
        if (RedactSecretValues && value.Length >= Redaction.SecretRedactor.MinimumLength && Redaction.SecretRedactor.Redact(value, RedactionMarkerText) is { } redacted)
        {
            value = redacted;
        }

        int fit = TextSanitizer.FitUtf8(value, MaxStringBytes - TextSanitizer.MarkerBytes);
        bool truncated = fit < value.Length;
        if (!truncated && !TextSanitizer.HasLoneSurrogate(value))
        {
            writer.WriteStringValue(value);
            return;
        }

        scratch.Reset(int.MaxValue);
        scratch.Append(value[..fit]);
        if (truncated)
        {
            scratch.Append(TextSanitizer.TruncationMarker);
        }

        TextSanitizer.ReplaceLoneSurrogates(scratch.WritableSpan);
        writer.WriteStringValue(scratch.Span);
    }

    /// <summary>Writes <paramref name="value"/>; <paramref name="destructure"/> is the <c>@</c> of the template hole.</summary>
    public void WriteValue(Utf8JsonWriter writer, object? value, bool destructure, int depth, CharBuffer scratch)
    {
        switch (value)
        {
            case null:
                writer.WriteNullValue();
                return;
            case string s:
                WriteString(writer, s, scratch);
                return;
            case bool b:
                writer.WriteBooleanValue(b);
                return;
            case int i:
                writer.WriteNumberValue(i);
                return;
            case long l:
                writer.WriteNumberValue(l);
                return;
            case double d:
                WriteDouble(writer, d);
                return;
            case float f:
                WriteDouble(writer, f);
                return;
            case decimal m:
                writer.WriteNumberValue(m);
                return;
            case short sh:
                writer.WriteNumberValue(sh);
                return;
            case byte by:
                writer.WriteNumberValue(by);
                return;
            case sbyte sb:
                writer.WriteNumberValue(sb);
                return;
            case ushort us:
                writer.WriteNumberValue(us);
                return;
            case uint ui:
                writer.WriteNumberValue(ui);
                return;
            case ulong ul:
                writer.WriteNumberValue(ul);
                return;
            case DateTime dt:
                WriteFormatted(writer, dt, "O");
                return;
            case DateTimeOffset dto:
                WriteFormatted(writer, dto, "O");
                return;
            case TimeSpan ts:
                WriteFormatted(writer, ts, "c");
                return;
            case Guid g:
                WriteFormatted(writer, g, "D");
                return;
            case char c:
                WriteString(writer, [c], scratch);
                return;
            case Enum e:
                WriteString(writer, ValueFormatter.SafeToString(e, null, _diagnostics) ?? string.Empty, scratch);
                return;
            case JsonElement element:
                WriteElement(writer, element, depth, scratch);
                return;
            case JsonNode node:
                WriteNode(writer, node, depth, scratch);
                return;
        }

        if (depth >= MaxDepth)
        {
            writer.WriteStringValue(MaxDepthMarker);
            return;
        }

        if (value is IEnumerable<KeyValuePair<string, object?>> pairs && (destructure || value is IReadOnlyDictionary<string, object?> or IDictionary<string, object?>))
        {
            WritePairs(writer, pairs, depth, scratch);
            return;
        }

        if (destructure && value is IDictionary dictionary)
        {
            WriteDictionary(writer, dictionary, depth, scratch);
            return;
        }

        if (value is IEnumerable sequence and not IDictionary && (destructure || value is Array || value.GetType().IsGenericType))
        {
            WriteSequence(writer, sequence, destructure, depth, scratch);
            return;
        }

        if (destructure && _serializerOptions is not null && TryWriteWithResolver(writer, value, depth, scratch))
        {
            return;
        }

        WriteString(writer, ValueFormatter.SafeToString(value, null, _diagnostics) ?? string.Empty, scratch);
    }

    /// <summary>Writes a property whose key decides redaction.</summary>
    public void WriteProperty(Utf8JsonWriter writer, string key, object? value, bool destructure, int depth, CharBuffer scratch)
    {
        writer.WritePropertyName(TextSanitizer.Sanitize(key));
        if (_sensitive.IsSensitive(key))
        {
            writer.WriteStringValue(RedactionMarker);
            return;
        }

        WriteValue(writer, value, destructure, depth + 1, scratch);
    }

    private static void WriteDouble(Utf8JsonWriter writer, double value)
    {
        if (double.IsFinite(value))
        {
            writer.WriteNumberValue(value);
        }
        else
        {
            // JSON has no NaN or Infinity: keep the information as a string rather than write an invalid number.
            writer.WriteStringValue(double.IsNaN(value) ? "NaN" : value > 0 ? "Infinity" : "-Infinity");
        }
    }

    private static void WriteFormatted<T>(Utf8JsonWriter writer, T value, string format)
        where T : ISpanFormattable
    {
        Span<char> chars = stackalloc char[64];
        if (value.TryFormat(chars, out int written, format, CultureInfo.InvariantCulture))
        {
            writer.WriteStringValue(chars[..written]);
        }
        else
        {
            writer.WriteStringValue(value.ToString(format, CultureInfo.InvariantCulture));
        }
    }

    private void WritePairs(Utf8JsonWriter writer, IEnumerable<KeyValuePair<string, object?>> pairs, int depth, CharBuffer scratch)
    {
        writer.WriteStartObject();
        try
        {
            int count = 0;
            foreach (var pair in pairs)
            {
                if (pair.Key is null)
                {
                    continue;
                }

                WriteProperty(writer, pair.Key, pair.Value, true, depth, scratch);
                if (++count >= MaxSequenceItems)
                {
                    break;
                }
            }
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            _diagnostics.ReportDrop("logging", "enumeration_failed");
        }

        writer.WriteEndObject();
    }

    private void WriteDictionary(Utf8JsonWriter writer, IDictionary dictionary, int depth, CharBuffer scratch)
    {
        writer.WriteStartObject();
        try
        {
            int count = 0;
            foreach (DictionaryEntry entry in dictionary)
            {
                var key = ValueFormatter.SafeToString(entry.Key, null, _diagnostics) ?? string.Empty;
                WriteProperty(writer, key, entry.Value, true, depth, scratch);
                if (++count >= MaxSequenceItems)
                {
                    break;
                }
            }
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            _diagnostics.ReportDrop("logging", "enumeration_failed");
        }

        writer.WriteEndObject();
    }

    private void WriteSequence(Utf8JsonWriter writer, IEnumerable sequence, bool destructure, int depth, CharBuffer scratch)
    {
        writer.WriteStartArray();
        try
        {
            int count = 0;
            foreach (var item in sequence)
            {
                if (count++ >= MaxSequenceItems)
                {
                    writer.WriteStringValue("…");
                    break;
                }

                WriteValue(writer, item, destructure, depth + 1, scratch);
            }
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            _diagnostics.ReportDrop("logging", "enumeration_failed");
        }

        writer.WriteEndArray();
    }

    private void WriteElement(Utf8JsonWriter writer, JsonElement element, int depth, CharBuffer scratch)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object when depth >= MaxDepth:
            case JsonValueKind.Array when depth >= MaxDepth:
                writer.WriteStringValue(MaxDepthMarker);
                return;
            case JsonValueKind.Object:
                writer.WriteStartObject();
                foreach (var property in element.EnumerateObject())
                {
                    writer.WritePropertyName(TextSanitizer.Sanitize(property.Name));
                    if (_sensitive.IsSensitive(property.Name))
                    {
                        writer.WriteStringValue(RedactionMarker);
                    }
                    else
                    {
                        WriteElement(writer, property.Value, depth + 1, scratch);
                    }
                }

                writer.WriteEndObject();
                return;
            case JsonValueKind.Array:
                writer.WriteStartArray();
                foreach (var item in element.EnumerateArray())
                {
                    WriteElement(writer, item, depth + 1, scratch);
                }

                writer.WriteEndArray();
                return;
            case JsonValueKind.String:
                WriteString(writer, element.GetString() ?? string.Empty, scratch);
                return;
            case JsonValueKind.Undefined:
                writer.WriteNullValue();
                return;
            default:
                element.WriteTo(writer);
                return;
        }
    }

    private void WriteNode(Utf8JsonWriter writer, JsonNode node, int depth, CharBuffer scratch)
    {
        switch (node)
        {
            case JsonObject obj when depth < MaxDepth:
                writer.WriteStartObject();
                foreach (var property in obj)
                {
                    writer.WritePropertyName(TextSanitizer.Sanitize(property.Key));
                    if (_sensitive.IsSensitive(property.Key))
                    {
                        writer.WriteStringValue(RedactionMarker);
                    }
                    else if (property.Value is null)
                    {
                        writer.WriteNullValue();
                    }
                    else
                    {
                        WriteNode(writer, property.Value, depth + 1, scratch);
                    }
                }

                writer.WriteEndObject();
                return;
            case JsonArray array when depth < MaxDepth:
                writer.WriteStartArray();
                foreach (var item in array)
                {
                    if (item is null)
                    {
                        writer.WriteNullValue();
                    }
                    else
                    {
                        WriteNode(writer, item, depth + 1, scratch);
                    }
                }

                writer.WriteEndArray();
                return;
            case JsonObject or JsonArray:
                writer.WriteStringValue(MaxDepthMarker);
                return;
            default:
                // A JsonValue: go through a JsonElement so strings are sanitised like every other string.
                using (var document = JsonDocument.Parse(node.ToJsonString()))
                {
                    WriteElement(writer, document.RootElement, depth, scratch);
                }

                return;
        }
    }

    /// <summary>
    /// Serialises with the user's source-generated metadata into a separate buffer first, so a failure (a cycle, an
    /// unsupported member) cannot leave half an object on the line; then copies it with redaction applied.
    /// </summary>
    private bool TryWriteWithResolver(Utf8JsonWriter writer, object value, int depth, CharBuffer scratch)
    {
        JsonTypeInfo? typeInfo;
        try
        {
            typeInfo = _serializerOptions!.TypeInfoResolver!.GetTypeInfo(value.GetType(), _serializerOptions);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            return false;
        }

        if (typeInfo is null)
        {
            return false;
        }

        var buffer = new ArrayBufferWriter<byte>(256);
        try
        {
            using (var temp = new Utf8JsonWriter(buffer, new JsonWriterOptions { MaxDepth = MaxDepth + 2 }))
            {
                JsonSerializer.Serialize(temp, value, typeInfo);
            }

            using var document = JsonDocument.Parse(buffer.WrittenMemory);
            WriteElement(writer, document.RootElement, depth, scratch);
            return true;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            _diagnostics.ReportDrop("logging", "destructure_failed");
            return false;
        }
    }
}
