using System.Buffers;
using System.Text.Json;
using MatCarv.HealthEvents.Publishing;
using MatCarv.Observability.Output;

namespace MatCarv.HealthEvents.Transport;

/// <summary>
/// The local fallback: one JSON line per event on stdout, shaped like the event EventBridge delivers to its targets
/// (<c>version, id, detail-type, source, time, region, resources, detail</c>), so rules and consumers can be tried locally.
/// </summary>
internal sealed class StdoutSink : IHealthEventSink
{
    private static readonly JsonEncodedText VersionName = JsonEncodedText.Encode("version");
    private static readonly JsonEncodedText IdName = JsonEncodedText.Encode("id");
    private static readonly JsonEncodedText DetailTypeName = JsonEncodedText.Encode("detail-type");
    private static readonly JsonEncodedText SourceName = JsonEncodedText.Encode("source");
    private static readonly JsonEncodedText TimeName = JsonEncodedText.Encode("time");
    private static readonly JsonEncodedText RegionName = JsonEncodedText.Encode("region");
    private static readonly JsonEncodedText ResourcesName = JsonEncodedText.Encode("resources");
    private static readonly JsonEncodedText DetailName = JsonEncodedText.Encode("detail");

    private readonly LineWriter _stdout;
    private readonly string _source;
    private readonly string? _region;
    private readonly ArrayBufferWriter<byte> _buffer = new(2048);

    public StdoutSink(LineWriter stdout, string source, string? region)
    {
        _stdout = stdout;
        _source = source;
        _region = region;
    }

    public string Name => "stdout";

    public ValueTask<PutEventsResult> SendAsync(IReadOnlyList<PreparedEntry> entries, CancellationToken cancellationToken)
    {
        var codes = new string?[entries.Count];
        bool anyFailed = false;
        for (int i = 0; i < entries.Count; i++)
        {
            if (!_stdout.WriteLine(Write(entries[i])))
            {
                // The stdout buffer is full: the line writer already counted it; retrying later may fit.
                codes[i] = "InternalFailure";
                anyFailed = true;
            }
        }

        return new ValueTask<PutEventsResult>(anyFailed ? PutEventsResult.PerEntry(codes, new string?[entries.Count]) : PutEventsResult.AllAccepted);
    }

    internal ReadOnlySpan<byte> Write(PreparedEntry entry)
    {
        _buffer.ResetWrittenCount();
        using (var w = new Utf8JsonWriter(_buffer, HealthEventSerializer.WriterOptions))
        {
            w.WriteStartObject();
            w.WriteString(VersionName, "0");
            w.WriteString(IdName, entry.EventId);
            w.WriteString(DetailTypeName, entry.DetailType);
            w.WriteString(SourceName, _source);
            HealthEventSerializer.WriteTimestamp(w, TimeName, entry.Time);
            if (_region is not null)
            {
                w.WriteString(RegionName, _region);
            }

            w.WriteStartArray(ResourcesName);
            foreach (var resource in entry.Resources)
            {
                w.WriteStringValue(resource);
            }

            w.WriteEndArray();
            w.WritePropertyName(DetailName);
            w.WriteRawValue(entry.Detail, skipInputValidation: true);
            w.WriteEndObject();
        }

        return _buffer.WrittenSpan;
    }
}
