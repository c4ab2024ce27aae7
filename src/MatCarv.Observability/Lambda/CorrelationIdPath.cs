using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace MatCarv.Observability.Lambda;

/// <summary>
/// Where an event carries its correlation id: a JSON Pointer (RFC 6901), like Powertools' <c>CorrelationIdPaths</c>, with
/// presets for the usual event sources. <see cref="Find(ReadOnlySpan{byte})"/> reads the raw event JSON without building a
/// document; a typed event is serialized with your source-generated <see cref="JsonTypeInfo{T}"/> first. Nothing uses
/// reflection. Finding never throws: a missing member, a non-scalar value or malformed JSON gives null.
/// <para>
/// Member names match exactly first, then ignoring case: typed .NET events serialize as <c>RequestContext</c> where the raw
/// event says <c>requestContext</c>, and HTTP header names are case-insensitive (API Gateway REST passes them as the
/// client sent them).
/// </para>
/// </summary>
public sealed class CorrelationIdPath
{
    private readonly string[] _tokens;
    private readonly int[] _indexes;

    private CorrelationIdPath(string jsonPointer, string[] tokens, int[] indexes)
    {
        JsonPointer = jsonPointer;
        _tokens = tokens;
        _indexes = indexes;
    }

    /// <summary>API Gateway REST API (payload 1.0): the request id, <c>/requestContext/requestId</c>.</summary>
    public static CorrelationIdPath ApiGatewayRest { get; } = Parse("/requestContext/requestId");

    /// <summary>API Gateway HTTP API (payload 2.0) and Lambda function URLs: the request id, <c>/requestContext/requestId</c>.</summary>
    public static CorrelationIdPath ApiGatewayHttp { get; } = Parse("/requestContext/requestId");

    /// <summary>Application Load Balancer: the X-Ray trace header ALB adds, <c>/headers/x-amzn-trace-id</c>.</summary>
    public static CorrelationIdPath ApplicationLoadBalancer { get; } = Parse("/headers/x-amzn-trace-id");

    /// <summary>EventBridge: the event id, <c>/id</c>.</summary>
    public static CorrelationIdPath EventBridge { get; } = Parse("/id");

    /// <summary>
    /// SQS: the first record's message id, <c>/Records/0/messageId</c> (the message with a batch size of 1; for a batch, use
    /// <c>Parse("/messageId")</c> on each record).
    /// </summary>
    public static CorrelationIdPath Sqs { get; } = Parse("/Records/0/messageId");

    /// <summary>SNS: the first record's message id, <c>/Records/0/Sns/MessageId</c> (SNS delivers one record per invocation).</summary>
    public static CorrelationIdPath Sns { get; } = Parse("/Records/0/Sns/MessageId");

    /// <summary>
    /// Kinesis Data Streams: the first record's event id (<c>shardId:sequenceNumber</c>), <c>/Records/0/eventID</c>; for a
    /// batch, use <c>Parse("/eventID")</c> on each record.
    /// </summary>
    public static CorrelationIdPath Kinesis { get; } = Parse("/Records/0/eventID");

    /// <summary>The JSON Pointer.</summary>
    public string JsonPointer { get; }

    /// <summary>Parses a JSON Pointer (RFC 6901: <c>/a/b/0</c>, <c>~1</c> for <c>/</c>, <c>~0</c> for <c>~</c>). Call it at start-up.</summary>
    /// <param name="jsonPointer">The pointer; <c>""</c> is the whole document.</param>
    /// <returns>The path.</returns>
    /// <exception cref="ArgumentException">The pointer is not a JSON Pointer.</exception>
    public static CorrelationIdPath Parse(string jsonPointer)
    {
        ArgumentNullException.ThrowIfNull(jsonPointer);
        if (jsonPointer.Length > 0 && jsonPointer[0] != '/')
        {
            throw new ArgumentException($"'{jsonPointer}' is not a JSON Pointer: it must be empty or start with '/' (for example /requestContext/requestId).", nameof(jsonPointer));
        }

        var parts = jsonPointer.Length == 0 ? [] : jsonPointer[1..].Split('/');
        var tokens = new string[parts.Length];
        var indexes = new int[parts.Length];
        for (int i = 0; i < parts.Length; i++)
        {
            var part = parts[i];
            for (int c = 0; c < part.Length; c++)
            {
                if (part[c] == '~' && (c + 1 == part.Length || (part[c + 1] != '0' && part[c + 1] != '1')))
                {
                    throw new ArgumentException($"'{jsonPointer}' is not a JSON Pointer: '~' must be followed by 0 or 1 (~0 is '~', ~1 is '/').", nameof(jsonPointer));
                }
            }

            tokens[i] = part.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);

            // RFC 6901 array index: "0" or digits without a leading zero; anything else only names an object member.
            indexes[i] = IsArrayIndex(part) && int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var index) ? index : -1;
        }

        return new CorrelationIdPath(jsonPointer, tokens, indexes);
    }

    /// <summary>Finds the id in an event's raw UTF-8 JSON (a stream handler's input, a request body).</summary>
    /// <param name="utf8Json">The event.</param>
    /// <returns>The string at the pointer, or the text of a number or boolean; null when absent, not a scalar, or the JSON is malformed.</returns>
    public string? Find(ReadOnlySpan<byte> utf8Json)
    {
        try
        {
            var reader = new Utf8JsonReader(utf8Json, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, MaxDepth = 256 });
            return reader.Read() ? Walk(ref reader, 0) : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>Finds the id in a parsed event.</summary>
    /// <param name="json">The event.</param>
    /// <returns>The string at the pointer, or the text of a number or boolean; null when absent or not a scalar.</returns>
    public string? Find(JsonElement json)
    {
        try
        {
            var current = json;
            for (int i = 0; i < _tokens.Length; i++)
            {
                if (current.ValueKind == JsonValueKind.Object)
                {
                    if (!TryGetMember(current, _tokens[i], out current))
                    {
                        return null;
                    }
                }
                else if (current.ValueKind == JsonValueKind.Array && _indexes[i] >= 0 && _indexes[i] < current.GetArrayLength())
                {
                    current = current[_indexes[i]];
                }
                else
                {
                    return null;
                }
            }

            return current.ValueKind switch
            {
                JsonValueKind.String => current.GetString(),
                JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => current.GetRawText(),
                _ => null,
            };
        }
        catch (Exception ex) when (ex is InvalidOperationException or ObjectDisposedException)
        {
            return null;
        }
    }

    /// <summary>Finds the id in a typed event, serialized with source-generated metadata (Native AOT and trimming safe).</summary>
    /// <typeparam name="T">The event type.</typeparam>
    /// <param name="value">The event.</param>
    /// <param name="typeInfo">Its metadata, for example <c>MyJsonContext.Default.APIGatewayProxyRequest</c>.</param>
    /// <returns>The id, or null (also when the event cannot be serialized).</returns>
    public string? Find<T>(T value, JsonTypeInfo<T> typeInfo)
    {
        ArgumentNullException.ThrowIfNull(typeInfo);
        if (value is null)
        {
            return null;
        }

        byte[] utf8;
        try
        {
            utf8 = JsonSerializer.SerializeToUtf8Bytes(value, typeInfo);
        }
        catch (Exception ex) when (ex is JsonException or NotSupportedException or InvalidOperationException)
        {
            return null;
        }

        return Find(utf8);
    }

    /// <inheritdoc />
    public override string ToString() => JsonPointer;

    private static bool IsArrayIndex(string token) =>
        token.Length > 0 && token.Length <= 9 && (token == "0" || (token[0] != '0' && token.All(char.IsAsciiDigit)));

    private static bool TryGetMember(JsonElement element, string name, out JsonElement value)
    {
        if (element.TryGetProperty(name, out value))
        {
            return true;
        }

        foreach (var property in element.EnumerateObject())
        {
            if (string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                value = property.Value;
                return true;
            }
        }

        return false;
    }

    /// <summary>Walks from the value the reader is on (token <paramref name="depth"/> of the pointer still to match).</summary>
    private string? Walk(ref Utf8JsonReader reader, int depth)
    {
        if (depth == _tokens.Length)
        {
            return reader.TokenType switch
            {
                JsonTokenType.String => reader.GetString(),
                JsonTokenType.Number => System.Text.Encoding.UTF8.GetString(reader.ValueSpan),
                JsonTokenType.True => "true",
                JsonTokenType.False => "false",
                _ => null,
            };
        }

        if (reader.TokenType == JsonTokenType.StartObject)
        {
            // The reader is a struct: a copy taken here rewinds to the object's start for the case-insensitive pass.
            var start = reader;
            if (FindMember(ref reader, _tokens[depth], ignoreCase: false) || FindMember(ref start, _tokens[depth], ignoreCase: true))
            {
                var found = reader.TokenType == JsonTokenType.PropertyName ? reader : start;
                found.Read();
                return Walk(ref found, depth + 1);
            }

            return null;
        }

        if (reader.TokenType == JsonTokenType.StartArray && _indexes[depth] >= 0)
        {
            for (int i = 0; reader.Read() && reader.TokenType != JsonTokenType.EndArray; i++)
            {
                if (i == _indexes[depth])
                {
                    return Walk(ref reader, depth + 1);
                }

                reader.Skip();
            }
        }

        return null;
    }

    /// <summary>Moves the reader from an object's start to the property name that matches; false when none does.</summary>
    private static bool FindMember(ref Utf8JsonReader reader, string name, bool ignoreCase)
    {
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (ignoreCase ? string.Equals(reader.GetString(), name, StringComparison.OrdinalIgnoreCase) : reader.ValueTextEquals(name))
            {
                return true;
            }

            reader.Read();
            reader.Skip();
        }

        return false;
    }
}
