using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Text.Json;
using MatCarv.Observability.Context;
using MatCarv.Observability.Logging.Interpolation;
using MatCarv.Observability.Logging.Rendering;
using MatCarv.Observability.Tracing.Propagation;
using Microsoft.Extensions.Logging;

namespace MatCarv.Observability.Logging;

/// <summary>
/// Writes one entry as one JSON object in the Powertools .NET key order (research §1): level, message, timestamp,
/// service, cold_start, function_* (Lambda), xray_trace_id, trace_id/span_id (current Activity), name, sampling_rate,
/// correlation_id, scope keys, message-template parameters, exception. User keys never overwrite standard keys, and a
/// key is written once per line.
/// </summary>
internal sealed class LogEntryFormatter
{
    private const string OriginalFormatKey = "{OriginalFormat}";

    private readonly LogKeys _keys;
    private readonly KeyCasing _casing;
    private readonly JsonValueWriter _values;
    private readonly JsonEncodedText _service;
    private readonly double _samplingRate;
    private readonly bool _includeScopes;
    private readonly int _maxMessageChars;
    private readonly JsonEncodedText[] _levelNames;
    private readonly int _maxFastMessageBytes;

    /// <summary>
    /// The timestamp's value and the service key, pre-encoded once: <c>"&lt;28 bytes&gt;","service":"&lt;name&gt;"</c>. A line
    /// copies it, formats the time into bytes 1–28 and writes it as the timestamp's raw value: one writer call where two
    /// took an escape scan of the timestamp and a second property (issue 11, the interpolated line's fixed keys). The
    /// bytes are exactly what the two <see cref="Utf8JsonWriter.WriteString(JsonEncodedText, JsonEncodedText)"/> calls wrote.
    /// </summary>
    private readonly byte[] _timestampAndService;

    /// <summary>Above this the block is not copied to the stack (a very long service name): the two writer calls are used.</summary>
    private const int MaxStackBlockBytes = 512;

    public LogEntryFormatter(LogKeys keys, KeyCasing casing, JsonValueWriter values, string service, double samplingRate, bool includeScopes, JsonEncodedText[]? levelNames = null)
    {
        _levelNames = levelNames ?? LogLevelNames.Table(lambda: false);
        _keys = keys;
        _casing = casing;
        _values = values;
        _service = JsonEncodedText.Encode(TextSanitizer.Sanitize(service), System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping);
        _samplingRate = samplingRate;
        _includeScopes = includeScopes;
        _maxMessageChars = values.MaxStringBytes;

        // The fast path renders only messages the char path would not cut (escaped bytes ≥ UTF-8 bytes ≥ chars).
        _maxFastMessageBytes = values.MaxStringBytes - TextSanitizer.MarkerBytes;
        _timestampAndService = TimestampAndServiceBlock(keys.Service, _service);
    }

    private static byte[] TimestampAndServiceBlock(JsonEncodedText serviceKey, JsonEncodedText service)
    {
        // "<timestamp>","<service key>":"<service>" — the quotes and separator a writer puts around encoded texts.
        var block = new byte[1 + TimestampFormatter.Length + 3 + serviceKey.EncodedUtf8Bytes.Length + 3 + service.EncodedUtf8Bytes.Length + 1];
        var rest = block.AsSpan();
        rest[0] = (byte)'"';
        rest = rest[(1 + TimestampFormatter.Length)..];
        "\",\""u8.CopyTo(rest);
        rest = rest[3..];
        serviceKey.EncodedUtf8Bytes.CopyTo(rest);
        rest = rest[serviceKey.EncodedUtf8Bytes.Length..];
        "\":\""u8.CopyTo(rest);
        rest = rest[3..];
        service.EncodedUtf8Bytes.CopyTo(rest);
        rest[service.EncodedUtf8Bytes.Length] = (byte)'"';
        return block;
    }

    /// <summary>Writes the timestamp and service properties (in that order, as Powertools does).</summary>
    private void WriteTimestampAndService(Utf8JsonWriter writer, DateTime utcNow)
    {
        var template = _timestampAndService;
        if (template.Length <= MaxStackBlockBytes)
        {
            Span<byte> block = stackalloc byte[MaxStackBlockBytes];
            block = block[..template.Length];
            template.CopyTo(block);
            TimestampFormatter.Format(utcNow, block.Slice(1, TimestampFormatter.Length));
            writer.WritePropertyName(_keys.Timestamp);
            writer.WriteRawValue(block, skipInputValidation: true);
            return;
        }

        Span<byte> utf8 = stackalloc byte[TimestampFormatter.Length];
        TimestampFormatter.Format(utcNow, utf8);
        writer.WriteString(_keys.Timestamp, utf8);
        writer.WriteString(_keys.Service, _service);
    }

    /// <remarks>
    /// Optimised from the first call, like <see cref="ReadTemplateState{TState}"/>: unoptimised (tier-0) code boxes a struct
    /// state at each <c>state is …</c> test below (MEL's <c>[LoggerMessage]</c> state: 40–48 B per line, caught by the
    /// allocation tests in LoggerMessageTests). The method used to be compiled optimised at once only because it held a
    /// <c>stackalloc</c> and loops (such methods skip tier 0); the timestamp block moved that <c>stackalloc</c> out.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Format<TState>(
        LogLineBuilder line,
        JsonEncodedText category,
        LogLevel level,
        TState state,
        Exception? exception,
        Func<TState, Exception?, string> formatter,
        IExternalScopeProvider? scopes,
        DateTime utcNow)
    {
        var writer = line.Writer;
        var message = line.Message;
        message.Reset(_maxMessageChars);

        // 1. Find the template and render the message once: into its JSON string bytes (the fast path) or, when that path
        //    cannot reproduce it, into the reused char buffer. No string per call either way.
        MessageTemplate? template = null;
        UserKey[]? templateKeys = null;
        int templateCount = 0;
        InterpolatedEntry? interpolated = null;
        UserKey[]? argumentKeys = null;
        Utf8Message? fastMessage = null;
        if (state is InterpolatedLogState prepared)
        {
            interpolated = prepared.Entry;
            argumentKeys = RenderInterpolated(line, interpolated, out fastMessage);
        }
        else if (state is IReadOnlyList<KeyValuePair<string, object?>> && ReadTemplateState(state, line, out var pairs, out var text))
        {
            template = MessageTemplate.Get(text);
            templateKeys = template.KeysFor(_casing);

            // Each value is read (and, for value types, boxed by MEL's list) once, then used for the message and the key.
            templateCount = Math.Min(template.Holes.Length, pairs.Length - 1);
            var args = line.TemplateArguments(templateCount);
            for (int i = 0; i < templateCount; i++)
            {
                args[i] = ValueFor(pairs, i, template.Holes[i].Name);
            }

            line.Utf8Message.ScanSecrets = _values.RedactSecretValues;
            if (TemplateMessageRenderer.TryRender(line.Utf8Message, template, args.AsSpan(0, templateCount), templateKeys, _values.RedactionMarker.EncodedUtf8Bytes, _maxFastMessageBytes))
            {
                fastMessage = line.Utf8Message;
            }
            else
            {
                RenderTemplate(message, template, templateKeys, args, templateCount);
            }
        }
        else
        {
            RenderWithFormatter(message, state, exception, formatter);
        }

        // 2. Scopes are collected before writing: the correlation id may come from one, and it precedes them.
        if (_includeScopes && scopes is not null)
        {
            scopes.ForEachScope(static (scope, builder) => CollectScope(scope, builder), line);
        }

        var invocation = InvocationContext.Current;
        if (LogContext.InUse)
        {
            LogContext.Collect(invocation, line.ContextFrames);
        }

        writer.WriteStartObject();
        writer.WriteString(_keys.Level, LogLevelNames.Get(level, _levelNames));
        if (fastMessage is not null)
        {
            writer.WritePropertyName(_keys.Message);
            writer.WriteRawValue(fastMessage.Quoted(), skipInputValidation: true);
        }
        else
        {
            WriteMessage(writer, message, line.Scratch);
        }
        WriteTimestampAndService(writer, utcNow);
        WriteInvocation(writer, invocation);
        WriteTrace(writer, invocation);
        writer.WriteString(_keys.Name, category);
        if (_samplingRate > 0)
        {
            writer.WriteNumber(_keys.SamplingRate, _samplingRate);
        }

        WriteCorrelationId(writer, line, invocation, templateKeys, templateCount, interpolated, argumentKeys);
        if (line.ContextFrames.Count > 0)
        {
            WriteContextKeys(writer, line, templateKeys, interpolated, argumentKeys);
        }

        // 3. Scope keys (innermost wins), then parameters; a parameter wins over a scope key with the same name.
        if (line.ScopeItems.Count > 0 || line.OtherScopes.Count > 0)
        {
            WriteScopes(writer, line, templateKeys, interpolated, argumentKeys);
        }

        if (interpolated is not null)
        {
            WriteInterpolatedValues(writer, line, interpolated, argumentKeys!, fastMessage);
        }
        else if (template is not null)
        {
            WriteTemplateValues(writer, line, template, templateKeys!, templateCount, fastMessage);
        }
        else if (state is IEnumerable<KeyValuePair<string, object?>> statePairs)
        {
            WriteStatePairs(writer, line, statePairs);
        }

        if (exception is not null)
        {
            writer.WritePropertyName(_keys.Exception);
            WriteException(writer, exception, 0, line.Scratch);
        }

        writer.WriteEndObject();
    }

    /// <summary>
    /// MEL's FormattedLogValues reports one value per placeholder even when fewer arguments were passed, and throws on
    /// access; such a value is written as null instead of losing the line.
    /// </summary>
    private static object? ValueAt(IReadOnlyList<KeyValuePair<string, object?>> values, int index)
    {
        try
        {
            return values[index].Value;
        }
        catch (Exception ex) when (ex is IndexOutOfRangeException or ArgumentOutOfRangeException or FormatException)
        {
            return null;
        }
    }

    /// <summary>
    /// Reads a template state's pairs once into the line's array, through the interface on the value itself: for a struct
    /// state (what MEL's <c>[LoggerMessage]</c> and <c>LogInformation</c> pass) the JIT devirtualizes these calls and does
    /// not box it, where <c>state is IReadOnlyList&lt;…&gt; list</c> would box it once per line (48 B for three arguments).
    /// A pair that cannot be read (MEL reports a placeholder without an argument and throws on access) is read as no pair.
    /// Optimised from the first call: unoptimised (tier-0) code boxes the state at every cast, six times per line.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool ReadTemplateState<TState>(TState state, LogLineBuilder line, out ReadOnlySpan<KeyValuePair<string, object?>> pairs, out string text)
    {
        pairs = default;
        text = null!;
        int count = ((IReadOnlyList<KeyValuePair<string, object?>>)state!).Count;
        if (count <= 0 || ((IReadOnlyList<KeyValuePair<string, object?>>)state!)[count - 1] is not { Key: OriginalFormatKey, Value: string format })
        {
            return false;
        }

        var array = line.StatePairs(count);
        for (int i = 0; i < count - 1; i++)
        {
            try
            {
                array[i] = ((IReadOnlyList<KeyValuePair<string, object?>>)state!)[i];
            }
            catch (Exception ex) when (ex is IndexOutOfRangeException or ArgumentOutOfRangeException or FormatException)
            {
                array[i] = default;
            }
        }

        array[count - 1] = new KeyValuePair<string, object?>(OriginalFormatKey, format);
        pairs = array.AsSpan(0, count);
        text = format;
        return true;
    }

    /// <summary>
    /// The value of the hole at <paramref name="index"/>. MEL's own states list values in template order, but other states
    /// list them in their own order (ASP.NET Core's "Request starting {Protocol} {Method} {Scheme}://{Host}…" puts
    /// ContentType and ContentLength third and fourth), so a key that does not match its hole is looked up by name.
    /// Only when no key matches at all (a state whose keys differ from its template) is the position used.
    /// </summary>
    private static object? ValueFor(ReadOnlySpan<KeyValuePair<string, object?>> values, int index, string holeName)
    {
        var positional = values[index];
        if (KeyMatches(positional.Key, holeName))
        {
            return positional.Value;
        }

        foreach (var pair in values)
        {
            if (KeyMatches(pair.Key, holeName))
            {
                return pair.Value;
            }
        }

        return positional.Value;
    }

    // MEL keeps the destructuring marker in the key ("@order") while the hole's name is "order".
    private static bool KeyMatches(string? key, string holeName) =>
        key is not null && (string.Equals(key, holeName, StringComparison.Ordinal)
            || (key.Length == holeName.Length + 1 && key[0] == '@' && key.AsSpan(1).SequenceEqual(holeName)));

    private static void CollectScope(object? scope, LogLineBuilder line)
    {
        try
        {
            if (scope is IEnumerable<KeyValuePair<string, object?>> pairs)
            {
                foreach (var pair in pairs)
                {
                    if (pair.Key is not null && pair.Key != OriginalFormatKey)
                    {
                        line.ScopeItems.Add(pair);
                    }
                }
            }
            else if (scope is not null)
            {
                line.OtherScopes.Add(scope);
            }
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // A scope whose enumeration throws is skipped; the line is still written.
        }
    }

    private UserKey[] RenderInterpolated(LogLineBuilder line, InterpolatedEntry entry, out Utf8Message? utf8)
    {
        var values = entry.Values;
        var keys = line.ArgumentKeys(values.Length);
        Span<bool> redacted = values.Length <= 64 ? stackalloc bool[values.Length] : new bool[values.Length];
        for (int i = 0; i < values.Length; i++)
        {
            var key = values[i].Name is { } name ? _casing.ForExpression(name) : _casing.Get("value" + i.ToString(System.Globalization.CultureInfo.InvariantCulture));
            keys[i] = key;
            redacted[i] = key.Sensitive;
        }

        if (entry.CanRenderUtf8())
        {
            utf8 = line.Utf8Message;
            utf8.ScanSecrets = _values.RedactSecretValues;
            utf8.Reset(_maxFastMessageBytes, values.Length);
            entry.RenderUtf8(utf8, redacted, _values.RedactionMarker.EncodedUtf8Bytes);
            if (utf8.Complete())
            {
                return keys;
            }
        }

        utf8 = null;
        entry.Render(line.Message, redacted, _values.RedactionMarkerText, _values.Diagnostics);
        return keys;
    }

    private void RenderTemplate(CharBuffer message, MessageTemplate template, UserKey[] keys, object?[] values, int valueCount)
    {
        foreach (var segment in template.Segments)
        {
            if (message.Truncated)
            {
                return;
            }

            if (segment.Literal is not null)
            {
                message.Append(segment.Literal);
                continue;
            }

            var hole = template.Holes[segment.HoleIndex];
            int start = message.Length;
            if (segment.HoleIndex >= valueCount)
            {
                // MEL would throw for a missing argument; keep the placeholder instead.
                message.Append("{" + hole.Name + "}");
            }
            else if (keys[segment.HoleIndex].Sensitive)
            {
                message.Append(_values.RedactionMarkerText);
            }
            else if (hole.Destructure)
            {
                AppendDestructured(message, values[segment.HoleIndex], hole.Format);
            }
            else
            {
                ValueFormatter.Append(message, values[segment.HoleIndex], hole.Format, _values.Diagnostics);
            }

            message.Align(start, hole.Alignment);
        }
    }

    /// <summary>
    /// A destructured value appears in the message as its (redacted) JSON, never through <c>ToString()</c>, which for a
    /// record would print every property, secrets included.
    /// </summary>
    private void AppendDestructured(CharBuffer message, object? value, string? format)
    {
        if (value is null or string or IFormattable or bool)
        {
            ValueFormatter.Append(message, value, format, _values.Diagnostics);
            return;
        }

        var buffer = new System.Buffers.ArrayBufferWriter<byte>(256);
        var scratch = new CharBuffer();
        try
        {
            using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
            {
                _values.WriteValue(writer, value, destructure: true, 0, scratch);
            }

            int chars = System.Text.Encoding.UTF8.GetCharCount(buffer.WrittenSpan);
            var span = message.GetSpan(chars);
            message.Advance(System.Text.Encoding.UTF8.GetChars(buffer.WrittenSpan, span));
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            _values.Diagnostics.ReportDrop("logging", "destructure_failed");
            message.Append(value.GetType().Name);
        }
    }

    private void RenderWithFormatter<TState>(CharBuffer message, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        string? text;
        try
        {
            text = formatter is null ? state?.ToString() : formatter(state, exception);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            _values.Diagnostics.ReportDrop("logging", "formatter_failed");
            text = "[message formatter threw " + ex.GetType().FullName + "]";
        }

        message.Append(text ?? string.Empty);
    }

    private void WriteMessage(Utf8JsonWriter writer, CharBuffer message, CharBuffer scratch)
    {
        writer.WritePropertyName(_keys.Message);
        if (!message.Truncated)
        {
            _values.WriteString(writer, message.Span, scratch);
            return;
        }

        // The rendering stopped at the limit: cut to the byte limit and mark it, so a cut message is never mistaken for a whole one.
        var span = message.Span;
        int fit = TextSanitizer.FitUtf8(span, _values.MaxStringBytes - TextSanitizer.MarkerBytes);
        var text = span[..fit];
        if (_values.RedactSecretValues && Redaction.SecretRedactor.Redact(text, _values.RedactionMarkerText) is { } redacted)
        {
            text = redacted;
        }

        scratch.Reset(int.MaxValue);
        scratch.Append(text);
        scratch.Append(TextSanitizer.TruncationMarker);
        TextSanitizer.ReplaceLoneSurrogates(scratch.WritableSpan);
        writer.WriteStringValue(scratch.Span);
    }

    private void WriteInvocation(Utf8JsonWriter writer, InvocationContext? invocation)
    {
        if (invocation is null || !invocation.IsLambda)
        {
            return;
        }

        writer.WriteBoolean(_keys.ColdStart, invocation.IsColdStart);
        WriteIfNotNull(writer, _keys.FunctionName, invocation.FunctionName);
        if (invocation.FunctionMemorySize is { } memory)
        {
            writer.WriteNumber(_keys.FunctionMemorySize, memory);
        }

        WriteIfNotNull(writer, _keys.FunctionArn, invocation.FunctionArn);
        WriteIfNotNull(writer, _keys.FunctionRequestId, invocation.RequestId);
        WriteIfNotNull(writer, _keys.FunctionVersion, invocation.FunctionVersion);
    }

    private void WriteTrace(Utf8JsonWriter writer, InvocationContext? invocation)
    {
        var activity = Activity.Current;
        if (invocation?.TraceHeader is { } header)
        {
            writer.WriteString(_keys.XRayTraceId, header.Root);
        }
        else if (activity is not null && activity.IdFormat == ActivityIdFormat.W3C)
        {
            Span<byte> xray = stackalloc byte[XRayTraceId.Length];
            XRayTraceId.FormatUtf8(activity.TraceId, xray);
            writer.WriteString(_keys.XRayTraceId, xray);
        }

        if (activity is not null && activity.IdFormat == ActivityIdFormat.W3C)
        {
            Span<byte> bytes = stackalloc byte[16];
            Span<byte> hex = stackalloc byte[32];
            activity.TraceId.CopyTo(bytes);
            WriteHex(bytes, hex);
            writer.WriteString(_keys.TraceId, hex);
            activity.SpanId.CopyTo(bytes[..8]);
            WriteHex(bytes[..8], hex[..16]);
            writer.WriteString(_keys.SpanId, hex[..16]);
        }
    }

    private static void WriteHex(ReadOnlySpan<byte> source, Span<byte> destination)
    {
        const string Digits = "0123456789abcdef";
        for (int i = 0; i < source.Length; i++)
        {
            destination[2 * i] = (byte)Digits[source[i] >> 4];
            destination[(2 * i) + 1] = (byte)Digits[source[i] & 0xF];
        }
    }

    private void WriteCorrelationId(
        Utf8JsonWriter writer,
        LogLineBuilder line,
        InvocationContext? invocation,
        UserKey[]? templateKeys,
        int templateCount,
        InterpolatedEntry? interpolated,
        UserKey[]? argumentKeys)
    {
        object? value = invocation?.CorrelationId;
        if (value is null)
        {
            for (int i = line.ScopeItems.Count - 1; i >= 0; i--)
            {
                if (_casing.Get(line.ScopeItems[i].Key).IsCorrelationId)
                {
                    value = line.ScopeItems[i].Value;
                    break;
                }
            }
        }

        if (value is null && templateKeys is not null)
        {
            for (int i = 0; i < templateCount; i++)
            {
                if (templateKeys[i].IsCorrelationId)
                {
                    value = line.TemplateArguments(0)[i];
                    break;
                }
            }
        }

        if (value is null && interpolated is not null)
        {
            for (int i = 0; i < interpolated.ValueCount; i++)
            {
                if (argumentKeys![i].IsCorrelationId)
                {
                    value = interpolated.Values[i].ToObject();
                    break;
                }
            }
        }

        for (int f = 0; value is null && f < line.ContextFrames.Count; f++)
        {
            foreach (var pair in line.ContextFrames[f])
            {
                if (pair.Value is not null && _casing.Get(pair.Key).IsCorrelationId)
                {
                    value = pair.Value;
                    break;
                }
            }
        }

        if (value is null)
        {
            return;
        }

        writer.WritePropertyName(_keys.CorrelationId);
        _values.WriteString(writer, value as string ?? ValueFormatter.SafeToString(value, null, _values.Diagnostics) ?? string.Empty, line.Scratch);
    }

    private void WriteScopes(Utf8JsonWriter writer, LogLineBuilder line, UserKey[]? templateKeys, InterpolatedEntry? interpolated, UserKey[]? argumentKeys)
    {
        // Parameter names are claimed first so that a parameter wins over a scope key of the same name.
        int start = line.WrittenKeys.Count;
        if (templateKeys is not null)
        {
            foreach (var key in templateKeys)
            {
                line.WrittenKeys.Add(key.Converted);
            }
        }
        else if (interpolated is not null)
        {
            for (int i = 0; i < interpolated.ValueCount; i++)
            {
                line.WrittenKeys.Add(argumentKeys![i].Converted);
            }
        }

        int claimed = line.WrittenKeys.Count - start;
        for (int i = line.ScopeItems.Count - 1; i >= 0; i--)
        {
            var pair = line.ScopeItems[i];
            var key = _casing.Get(pair.Key);
            if (!Claim(line, key))
            {
                continue;
            }

            writer.WritePropertyName(key.Encoded);
            WriteUserValue(writer, key, pair.Value, destructure: false, line.Scratch);
        }

        if (line.OtherScopes.Count > 0 && Claim(line, _casing.Get("scopes")))
        {
            writer.WritePropertyName(_keys.Scopes);
            writer.WriteStartArray();
            foreach (var scope in line.OtherScopes)
            {
                _values.WriteString(writer, scope as string ?? ValueFormatter.SafeToString(scope, null, _values.Diagnostics) ?? string.Empty, line.Scratch);
            }

            writer.WriteEndArray();
        }

        // Parameters are written next; release their claims so that they are written.
        line.WrittenKeys.RemoveRange(start, claimed);
    }

    /// <summary>
    /// Writes the <see cref="LogContext"/> keys (Powertools writes appended keys before scope keys and parameters). Names
    /// of parameters and <c>BeginScope</c> keys are reserved first, so those win; among context keys the innermost set wins.
    /// </summary>
    private void WriteContextKeys(Utf8JsonWriter writer, LogLineBuilder line, UserKey[]? templateKeys, InterpolatedEntry? interpolated, UserKey[]? argumentKeys)
    {
        var written = line.WrittenKeys;
        int start = written.Count;
        if (templateKeys is not null)
        {
            foreach (var key in templateKeys)
            {
                written.Add(key.Converted);
            }
        }
        else if (interpolated is not null)
        {
            for (int i = 0; i < interpolated.ValueCount; i++)
            {
                written.Add(argumentKeys![i].Converted);
            }
        }

        foreach (var pair in line.ScopeItems)
        {
            written.Add(_casing.Get(pair.Key).Converted);
        }

        int reserved = written.Count - start;
        foreach (var frame in line.ContextFrames)
        {
            foreach (var pair in frame)
            {
                if (pair.Key.Length == 0)
                {
                    _values.Diagnostics.ReportDrop("logging", "empty_key");
                    continue;
                }

                var key = _casing.Get(pair.Key);
                if (!Claim(line, key))
                {
                    continue;
                }

                writer.WritePropertyName(key.Encoded);
                WriteUserValue(writer, key, pair.Value, destructure: false, line.Scratch);
            }
        }

        written.RemoveRange(start, reserved);
    }

    private void WriteTemplateValues(Utf8JsonWriter writer, LogLineBuilder line, MessageTemplate template, UserKey[] keys, int count, Utf8Message? utf8)
    {
        var args = line.TemplateArguments(count);
        for (int i = 0; i < count; i++)
        {
            var key = keys[i];
            if (!Claim(line, key))
            {
                continue;
            }

            writer.WritePropertyName(key.Encoded);
            if (!key.Sensitive && utf8 is not null && utf8.TryGetJson(i, out var json))
            {
                // The text the message rendered is this value's JSON (a string, or a number without a format).
                writer.WriteRawValue(json, skipInputValidation: true);
                continue;
            }

            WriteUserValue(writer, key, args[i], template.Holes[i].Destructure, line.Scratch);
        }
    }

    private void WriteInterpolatedValues(Utf8JsonWriter writer, LogLineBuilder line, InterpolatedEntry entry, UserKey[] keys, Utf8Message? utf8)
    {
        var values = entry.Values;
        for (int i = 0; i < values.Length; i++)
        {
            var key = keys[i];
            if (!Claim(line, key))
            {
                continue;
            }

            writer.WritePropertyName(key.Encoded);
            if (key.Sensitive)
            {
                writer.WriteStringValue(_values.RedactionMarker);
            }
            else if (utf8 is not null)
            {
                if (utf8.TryGetJson(i, out var json))
                {
                    // The text the message rendered is this value's JSON (a string, or a number without a format).
                    writer.WriteRawValue(json, skipInputValidation: true);
                }
                else
                {
                    InterpolatedEntry.WriteJson(writer, values[i], _values, line.Scratch);
                }
            }
            else if (entry.TryGetRenderedNumber(i, line.Message.Span, out var number))
            {
                writer.WriteRawValue(number, skipInputValidation: true);
            }
            else
            {
                InterpolatedEntry.WriteJson(writer, values[i], _values, line.Scratch);
            }
        }
    }

    private void WriteStatePairs(Utf8JsonWriter writer, LogLineBuilder line, IEnumerable<KeyValuePair<string, object?>> pairs)
    {
        try
        {
            foreach (var pair in pairs)
            {
                if (pair.Key is null || pair.Key == OriginalFormatKey)
                {
                    continue;
                }

                var key = _casing.Get(pair.Key);
                if (!Claim(line, key))
                {
                    continue;
                }

                writer.WritePropertyName(key.Encoded);
                WriteUserValue(writer, key, pair.Value, destructure: false, line.Scratch);
            }
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            _values.Diagnostics.ReportDrop("logging", "enumeration_failed");
        }
    }

    private void WriteUserValue(Utf8JsonWriter writer, UserKey key, object? value, bool destructure, CharBuffer scratch)
    {
        if (key.Sensitive)
        {
            writer.WriteStringValue(_values.RedactionMarker);
        }
        else
        {
            _values.WriteValue(writer, value, destructure, 0, scratch);
        }
    }

    /// <summary>True when the key may be written: not a standard key and not written yet on this line (then it is claimed).</summary>
    private static bool Claim(LogLineBuilder line, UserKey key)
    {
        if (key.Reserved || key.IsCorrelationId)
        {
            return false;
        }

        var written = line.WrittenKeys;
        for (int i = 0; i < written.Count; i++)
        {
            if (string.Equals(written[i], key.Converted, StringComparison.Ordinal))
            {
                return false;
            }
        }

        written.Add(key.Converted);
        return true;
    }

    private void WriteException(Utf8JsonWriter writer, Exception exception, int depth, CharBuffer scratch)
    {
        writer.WriteStartObject();
        writer.WriteString(_keys.ExceptionType, exception.GetType().FullName ?? exception.GetType().Name);
        string? message;
        string? source;
        string? stackTrace;
        try
        {
            message = exception.Message;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            message = "[Exception.Message threw " + ex.GetType().FullName + "]";
        }

        try
        {
            // Powertools .NET writes Exception.Source (the assembly that threw; null for an exception never thrown).
            source = exception.Source;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            source = null;
        }

        try
        {
            stackTrace = exception.StackTrace;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            stackTrace = null;
        }

        writer.WritePropertyName(_keys.ExceptionMessage);
        _values.WriteString(writer, message ?? string.Empty, scratch);
        if (source is not null)
        {
            writer.WritePropertyName(_keys.ExceptionSource);
            _values.WriteString(writer, source, scratch);
        }

        if (stackTrace is not null)
        {
            writer.WritePropertyName(_keys.ExceptionStackTrace);
            _values.WriteString(writer, stackTrace, scratch);
        }

        if (exception.InnerException is { } inner)
        {
            writer.WritePropertyName(_keys.InnerException);
            if (depth + 1 >= _values.MaxDepth)
            {
                writer.WriteStringValue(JsonValueWriter.MaxDepthMarker);
            }
            else
            {
                WriteException(writer, inner, depth + 1, scratch);
            }
        }

        writer.WriteEndObject();
    }

    private static void WriteIfNotNull(Utf8JsonWriter writer, JsonEncodedText key, string? value)
    {
        if (value is not null)
        {
            writer.WriteString(key, TextSanitizer.Sanitize(value));
        }
    }
}
