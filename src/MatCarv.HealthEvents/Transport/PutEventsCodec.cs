using System.Buffers;
using System.Text.Json;
using MatCarv.HealthEvents.Publishing;

namespace MatCarv.HealthEvents.Transport;

/// <summary>
/// The PutEvents awsJson1.1 body and response (EventBridge API reference). <c>Detail</c> is a JSON string holding the JSON
/// object; <c>Time</c> is epoch seconds as a JSON number; empty members are left out.
/// </summary>
internal static class PutEventsCodec
{
    private static readonly JsonEncodedText EntriesName = JsonEncodedText.Encode("Entries");
    private static readonly JsonEncodedText SourceName = JsonEncodedText.Encode("Source");
    private static readonly JsonEncodedText DetailTypeName = JsonEncodedText.Encode("DetailType");
    private static readonly JsonEncodedText DetailName = JsonEncodedText.Encode("Detail");
    private static readonly JsonEncodedText EventBusNameName = JsonEncodedText.Encode("EventBusName");
    private static readonly JsonEncodedText ResourcesName = JsonEncodedText.Encode("Resources");
    private static readonly JsonEncodedText TimeName = JsonEncodedText.Encode("Time");
    private static readonly JsonEncodedText TraceHeaderName = JsonEncodedText.Encode("TraceHeader");

    public static byte[] WriteRequest(IReadOnlyList<PreparedEntry> entries, string source, string? eventBusName)
    {
        var buffer = new ArrayBufferWriter<byte>(1024 + entries.Sum(e => e.Detail.Length + 256));
        using (var w = new Utf8JsonWriter(buffer, HealthEventSerializer.WriterOptions))
        {
            w.WriteStartObject();
            w.WriteStartArray(EntriesName);
            foreach (var entry in entries)
            {
                w.WriteStartObject();
                w.WriteString(SourceName, source);
                w.WriteString(DetailTypeName, entry.DetailType);
                w.WriteString(DetailName, entry.Detail);
                if (eventBusName is not null)
                {
                    w.WriteString(EventBusNameName, eventBusName);
                }

                if (entry.Resources.Length > 0)
                {
                    w.WriteStartArray(ResourcesName);
                    foreach (var resource in entry.Resources)
                    {
                        w.WriteStringValue(resource);
                    }

                    w.WriteEndArray();
                }

                w.WriteNumber(TimeName, entry.Time.ToUnixTimeMilliseconds() / 1000m);
                if (entry.TraceHeader is not null)
                {
                    w.WriteString(TraceHeaderName, entry.TraceHeader);
                }

                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>
    /// Reads a 200 response: <c>{"FailedEntryCount":n,"Entries":[{"EventId":…}|{"ErrorCode":…,"ErrorMessage":…}]}</c>, where
    /// <c>Entries[i]</c> answers request entry i. A malformed answer counts as a transient failure of the whole request.
    /// </summary>
    public static PutEventsResult ReadResponse(ReadOnlySpan<byte> body, int requestCount)
    {
        var codes = new string?[requestCount];
        var messages = new string?[requestCount];
        int failed = 0;
        int index = 0;
        try
        {
            var reader = new Utf8JsonReader(body);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return Malformed();
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (!reader.ValueTextEquals("Entries"u8))
                {
                    reader.Read();
                    reader.Skip();
                    continue;
                }

                reader.Read();
                if (reader.TokenType != JsonTokenType.StartArray)
                {
                    return Malformed();
                }

                while (reader.Read() && reader.TokenType == JsonTokenType.StartObject)
                {
                    string? code = null;
                    string? message = null;
                    while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                    {
                        bool isCode = reader.ValueTextEquals("ErrorCode"u8);
                        bool isMessage = reader.ValueTextEquals("ErrorMessage"u8);
                        reader.Read();
                        if (reader.TokenType == JsonTokenType.String && (isCode || isMessage))
                        {
                            if (isCode)
                            {
                                code = reader.GetString();
                            }
                            else
                            {
                                message = reader.GetString();
                            }
                        }
                        else
                        {
                            reader.Skip();
                        }
                    }

                    if (index < requestCount && !string.IsNullOrEmpty(code))
                    {
                        codes[index] = code;
                        messages[index] = message;
                        failed++;
                    }

                    index++;
                }
            }
        }
        catch (JsonException)
        {
            return Malformed();
        }

        if (index != requestCount)
        {
            return Malformed();
        }

        return failed == 0 ? PutEventsResult.AllAccepted : PutEventsResult.PerEntry(codes, messages);
    }

    private static PutEventsResult Malformed() => PutEventsResult.Failed("malformed_response", "PutEvents answered 200 with a body that does not list one result per entry.", retryable: true);
}
