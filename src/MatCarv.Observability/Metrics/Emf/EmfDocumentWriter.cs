using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using MatCarv.Observability.Collections;
using MatCarv.Observability.Diagnostics;
using MatCarv.Observability.Metrics.Aggregation;

namespace MatCarv.Observability.Metrics.Emf;

/// <summary>
/// Serialises groups to EMF documents with one reused <see cref="Utf8JsonWriter"/> and pre-encoded names, and hands each
/// document (one line, UTF-8) to a callback. Enforces what the schema cannot: ≤100 metrics per document, ≤100 values per
/// metric (and ≤100 <c>Values</c>/<c>Counts</c> per distribution), no metric sharing a root member with a dimension or
/// metadata, and a byte size limit (a document that is too large is split further). A distribution split over several
/// documents is written as a true statistic set in each: the <c>Count</c>, <c>Sum</c>, <c>Min</c> and <c>Max</c> of the
/// entries that document holds, so CloudWatch's totals over the documents are exact. Not thread-safe: the flush engine owns one.
/// </summary>
internal sealed class EmfDocumentWriter : IDisposable
{
    private const string RedactionMarker = "[REDACTED]";

    private static readonly JsonEncodedText AwsProperty = JsonEncodedText.Encode(EmfRules.AwsKey);
    private static readonly JsonEncodedText TimestampProperty = JsonEncodedText.Encode("Timestamp");
    private static readonly JsonEncodedText LogGroupProperty = JsonEncodedText.Encode("LogGroupName");
    private static readonly JsonEncodedText LogStreamProperty = JsonEncodedText.Encode("LogStreamName");
    private static readonly JsonEncodedText DirectivesProperty = JsonEncodedText.Encode("CloudWatchMetrics");
    private static readonly JsonEncodedText NamespaceProperty = JsonEncodedText.Encode("Namespace");
    private static readonly JsonEncodedText DimensionsProperty = JsonEncodedText.Encode("Dimensions");
    private static readonly JsonEncodedText MetricsProperty = JsonEncodedText.Encode("Metrics");
    private static readonly JsonEncodedText NameProperty = JsonEncodedText.Encode("Name");
    private static readonly JsonEncodedText UnitProperty = JsonEncodedText.Encode("Unit");
    private static readonly JsonEncodedText ResolutionProperty = JsonEncodedText.Encode("StorageResolution");

    // A distribution's members, in the order the OpenTelemetry collector's awsemf exporter writes them.
    private static readonly JsonEncodedText ValuesProperty = JsonEncodedText.Encode("Values");
    private static readonly JsonEncodedText CountsProperty = JsonEncodedText.Encode("Counts");
    private static readonly JsonEncodedText MaxProperty = JsonEncodedText.Encode("Max");
    private static readonly JsonEncodedText MinProperty = JsonEncodedText.Encode("Min");
    private static readonly JsonEncodedText CountProperty = JsonEncodedText.Encode("Count");
    private static readonly JsonEncodedText SumProperty = JsonEncodedText.Encode("Sum");

    private readonly ArrayBufferWriter<byte> _buffer = new(16 * 1024);
    private readonly Utf8JsonWriter _writer;
    private readonly SelfDiagnostics _diagnostics;
    private readonly JsonEncodedText _namespace;
    private readonly JsonEncodedText? _logGroup;
    private readonly JsonEncodedText? _logStream;
    private readonly int _maxBytes;
    private readonly HashSet<string> _rootKeys = new(StringComparer.Ordinal);
    private readonly HashSet<string> _documentNames = new(StringComparer.Ordinal);
    private readonly List<int> _selected = new(EmfRules.MaxMetricsPerDocument);
    private readonly ValueList<bool> _metadataWritten = [];
    private int[] _written = new int[16];

    public EmfDocumentWriter(MetricsSettings settings, SelfDiagnostics diagnostics)
    {
        _diagnostics = diagnostics;
        _namespace = settings.EncodedNamespace;
        _logGroup = settings.LogGroupName is null ? null : JsonEncodedText.Encode(settings.LogGroupName);
        _logStream = settings.LogStreamName is null ? null : JsonEncodedText.Encode(settings.LogStreamName);
        _maxBytes = settings.MaxDocumentBytes;

        // Relaxed escaping keeps non-ASCII metadata as UTF-8 rather than \u escapes; control characters are still escaped.
        _writer = new Utf8JsonWriter(_buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, SkipValidation = true });
    }

    public void Dispose() => _writer.Dispose();

    /// <summary>Writes a group as documents; returns how many.</summary>
    public int Write(EmfGroup group, long timestampMs, IDocumentSink sink)
    {
        if (group.Metrics.Count == 0)
        {
            return 0;
        }

        // EMF: a dimension key must be a string member at the root; a metric of the same name would replace it.
        _rootKeys.Clear();
        foreach (var dimension in group.Dimensions)
        {
            _rootKeys.Add(dimension.Key);
        }

        var metrics = group.Metrics;
        if (_written.Length < metrics.Count)
        {
            _written = new int[Math.Max(metrics.Count, _written.Length * 2)];
        }

        int pending = 0;
        for (int i = 0; i < metrics.Count; i++)
        {
            var metric = metrics[i];
            if (_rootKeys.Contains(metric.Name))
            {
                _diagnostics.ReportDrop(DropReasons.Signal, DropReasons.NameCollision, group.RecordedCount(metric));
                _written[i] = metric.Count;
                continue;
            }

            _written[i] = 0;
            pending += metric.Count;
        }

        // A metadata field named like a dimension or any metric of the group would clash with a root member: left out.
        _metadataWritten.Clear();
        foreach (var item in group.Metadata)
        {
            bool clash = _rootKeys.Contains(item.Key);
            for (int i = 0; i < metrics.Count && !clash; i++)
            {
                clash = string.Equals(metrics[i].Name, item.Key, StringComparison.Ordinal);
            }

            _metadataWritten.Add(!clash);
        }

        int documents = 0;
        int maxMetrics = EmfRules.MaxMetricsPerDocument;
        int maxValues = EmfRules.MaxValuesPerMetric;
        while (pending > 0)
        {
            Select(metrics, maxMetrics, group.NamesUnique);
            if (FindSumOutOfRange(group, maxValues) is int overflowing and >= 0)
            {
                // A distribution's Sum must be a value CloudWatch accepts (within ±2^360): fewer entries per document, and an
                // entry whose own sum is beyond it (values near 2^360 recorded many times) is dropped and counted.
                int take = Math.Min(maxValues, metrics[overflowing].Count - _written[overflowing]);
                if (take > 1)
                {
                    maxValues = take / 2;
                    continue;
                }

                _diagnostics.ReportDrop(DropReasons.Signal, DropReasons.InvalidValue, group.RecordedCount(metrics[overflowing], _written[overflowing], 1));
                _written[overflowing]++;
                pending--;
                continue;
            }

            WriteDocument(group, timestampMs, maxValues);
            if (_buffer.WrittenCount > _maxBytes)
            {
                // Too large for one log event (or datagram): retry this document with fewer metrics, then fewer values.
                if (_selected.Count > 1)
                {
                    maxMetrics = Math.Max(1, _selected.Count / 2);
                    continue;
                }

                if (maxValues > 1 && metrics[_selected[0]].Count - _written[_selected[0]] > 1)
                {
                    maxValues = Math.Max(1, Math.Min(maxValues, metrics[_selected[0]].Count - _written[_selected[0]]) / 2);
                    continue;
                }

                int index = _selected[0];
                _diagnostics.ReportDrop(DropReasons.Signal, DropReasons.DocumentTooLarge, group.RecordedCount(metrics[index], _written[index], 1));
                _written[index]++;
                pending--;
                continue;
            }

            sink.WriteDocument(_buffer.WrittenSpan);
            documents++;
            foreach (int index in _selected)
            {
                int take = Math.Min(maxValues, metrics[index].Count - _written[index]);
                _written[index] += take;
                pending -= take;
            }

            maxMetrics = EmfRules.MaxMetricsPerDocument;
            maxValues = EmfRules.MaxValuesPerMetric;
        }

        return documents;
    }

    /// <summary>The first selected distribution whose next <paramref name="maxValues"/> entries sum beyond ±2^360, or -1.</summary>
    private int FindSumOutOfRange(EmfGroup group, int maxValues)
    {
        var metrics = group.Metrics;
        foreach (int index in _selected)
        {
            var metric = metrics[index];
            if (!metric.IsDistribution)
            {
                continue;
            }

            int from = metric.Start + _written[index];
            int take = Math.Min(maxValues, metric.Count - _written[index]);
            double sum = 0;
            for (int i = from; i < from + take; i++)
            {
                sum += group.Entries[i].Sum;
            }

            if (!(Math.Abs(sum) <= EmfRules.MaxMagnitude))
            {
                return index;
            }
        }

        return -1;
    }

    private static void WriteNumber(Utf8JsonWriter writer, double value)
    {
        // Counts are integers: formatting a long is several times cheaper than a double and prints the same digits.
        if (value == Math.Floor(value) && Math.Abs(value) <= 9007199254740992d)
        {
            writer.WriteNumberValue((long)value);
        }
        else
        {
            writer.WriteNumberValue(value);
        }
    }

    /// <summary>
    /// Entries [<paramref name="from"/>, <paramref name="from"/> + <paramref name="take"/>) as one EMF distribution: the shape
    /// CloudWatch's own clients write (the CloudWatch agent and the collector's awsemf exporter for histograms,
    /// aws-embedded-metrics-java's Histogram). CloudWatch takes the sample count from <c>Counts</c> and the sum, minimum and
    /// maximum from <c>Sum</c>, <c>Min</c> and <c>Max</c>; <c>Count</c> equals the sum of <c>Counts</c>.
    /// </summary>
    private static void WriteDistribution(Utf8JsonWriter w, ValueList<DistributionEntry> entries, int from, int take)
    {
        long count = 0;
        double sum = 0;
        double min = double.PositiveInfinity;
        double max = double.NegativeInfinity;
        w.WriteStartObject();
        w.WritePropertyName(ValuesProperty);
        w.WriteStartArray();
        for (int i = from; i < from + take; i++)
        {
            var entry = entries[i];
            WriteNumber(w, entry.Value);
            count += entry.Count;
            sum += entry.Sum;
            min = Math.Min(min, entry.Min);
            max = Math.Max(max, entry.Max);
        }

        w.WriteEndArray();
        w.WritePropertyName(CountsProperty);
        w.WriteStartArray();
        for (int i = from; i < from + take; i++)
        {
            w.WriteNumberValue(entries[i].Count);
        }

        w.WriteEndArray();
        w.WritePropertyName(MaxProperty);
        WriteNumber(w, max);
        w.WritePropertyName(MinProperty);
        WriteNumber(w, min);
        w.WriteNumber(CountProperty, count);
        w.WritePropertyName(SumProperty);

        // Positive and negative values can cancel to a magnitude CloudWatch rejects (non-zero below 2^-360): that is zero.
        WriteNumber(w, Math.Abs(sum) < EmfRules.MinMagnitude ? 0 : sum);
        w.WriteEndObject();
    }

    private void Select(ValueList<EmfMetric> metrics, int maxMetrics, bool unique)
    {
        // Each name at most once per document (a root member holds one metric); a metric with more than 100 values
        // continues in the next documents, next to whatever else is left.
        _selected.Clear();
        _documentNames.Clear();
        for (int i = 0; i < metrics.Count && _selected.Count < maxMetrics; i++)
        {
            if (_written[i] < metrics[i].Count && (unique || _documentNames.Add(metrics[i].Name)))
            {
                _selected.Add(i);
            }
        }
    }

    private void WriteDocument(EmfGroup group, long timestampMs, int maxValues)
    {
        _buffer.ResetWrittenCount();
        var w = _writer;
        w.Reset(_buffer);
        w.WriteStartObject();
        w.WritePropertyName(AwsProperty);
        w.WriteStartObject();
        w.WriteNumber(TimestampProperty, timestampMs);
        if (_logGroup is { } logGroup)
        {
            w.WriteString(LogGroupProperty, logGroup);
        }

        if (_logStream is { } logStream)
        {
            w.WriteString(LogStreamProperty, logStream);
        }

        w.WritePropertyName(DirectivesProperty);
        w.WriteStartArray();
        w.WriteStartObject();
        w.WriteString(NamespaceProperty, _namespace);
        w.WritePropertyName(DimensionsProperty);
        w.WriteStartArray();
        if (group.SetEnds.Count == 0)
        {
            // Schema: Dimensions has minItems 1; an empty set means "no dimensions".
            w.WriteStartArray();
            w.WriteEndArray();
        }
        else
        {
            int start = 0;
            foreach (int end in group.SetEnds)
            {
                w.WriteStartArray();
                for (int i = start; i < end; i++)
                {
                    w.WriteStringValue(group.SetKeys[i]);
                }

                w.WriteEndArray();
                start = end;
            }
        }

        w.WriteEndArray();
        w.WritePropertyName(MetricsProperty);
        w.WriteStartArray();
        var metrics = group.Metrics;
        foreach (int index in _selected)
        {
            var metric = metrics[index];
            w.WriteStartObject();
            w.WriteString(NameProperty, metric.EncodedName);
            w.WriteString(UnitProperty, EmfUnits.Get(metric.Unit));
            if (metric.Resolution == MetricResolution.High)
            {
                // Written only for high resolution: 60 is the EMF default (as Powertools does).
                w.WriteNumber(ResolutionProperty, 1);
            }

            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
        w.WriteEndArray();
        w.WriteEndObject();

        foreach (var dimension in group.Dimensions)
        {
            // Dimension and metadata values are user data: secrets go by their shape (issue 10); no allocation when none.
            w.WriteString(dimension.Key, Redaction.SecretRedactor.Redact(dimension.Value, RedactionMarker));
        }

        var values = group.Values;
        foreach (int index in _selected)
        {
            var metric = metrics[index];
            int from = metric.Start + _written[index];
            int take = Math.Min(maxValues, metric.Count - _written[index]);
            w.WritePropertyName(metric.EncodedName);
            if (metric.IsDistribution)
            {
                WriteDistribution(w, group.Entries, from, take);
            }
            else if (take == 1)
            {
                WriteNumber(w, values[from]);
            }
            else
            {
                w.WriteStartArray();
                for (int i = 0; i < take; i++)
                {
                    WriteNumber(w, values[from + i]);
                }

                w.WriteEndArray();
            }
        }

        for (int m = 0; m < group.Metadata.Count; m++)
        {
            var item = group.Metadata[m];
            if (!_metadataWritten[m])
            {
                continue;
            }

            if (item.Text is not null)
            {
                w.WriteString(item.Key, Redaction.SecretRedactor.Redact(item.Text, RedactionMarker));
            }
            else
            {
                w.WriteNumber(item.Key, item.Number);
            }
        }

        w.WriteEndObject();
        w.Flush();
    }
}
