using System.Diagnostics;
using System.Globalization;
using MatCarv.Observability.Tracing.Export;

namespace MatCarv.Observability.Tracing.Otlp;

/// <summary>
/// Encodes finished activities as an OTLP <c>ExportTraceServiceRequest</c> (opentelemetry-proto
/// <c>collector/trace/v1/trace_service.proto</c>, <c>trace/v1/trace.proto</c>, <c>common/v1/common.proto</c>): one
/// <c>ResourceSpans</c> with this process's resource, one <c>ScopeSpans</c> per <see cref="ActivitySource"/>. Activity tags become
/// attributes with their types; spans' X-Ray annotations (<c>TraceSpan.AddAnnotation</c>) become attributes listed in
/// <c>aws.xray.annotations</c> (the AWS convention X-Ray's OTLP endpoint turns into indexed annotations) and metadata becomes
/// attributes (<c>namespace.key</c> outside the default namespace). Runs on the exporter's loop only.
/// </summary>
internal sealed class OtlpTraceEncoder
{
    // Field numbers from the .proto files named above.
    private const int RequestResourceSpans = 1;
    private const int ResourceSpansResource = 1;
    private const int ResourceSpansScopeSpans = 2;
    private const int ResourceAttributes = 1;
    private const int ScopeSpansScope = 1;
    private const int ScopeSpansSpans = 2;
    private const int ScopeName = 1;
    private const int ScopeVersion = 2;
    private const int SpanTraceId = 1;
    private const int SpanSpanId = 2;
    private const int SpanTraceState = 3;
    private const int SpanParentSpanId = 4;
    private const int SpanName = 5;
    private const int SpanKind = 6;
    private const int SpanStartTime = 7;
    private const int SpanEndTime = 8;
    private const int SpanAttributes = 9;
    private const int SpanEvents = 11;
    private const int SpanLinks = 13;
    private const int SpanStatus = 15;
    private const int SpanFlags = 16;
    private const int EventTime = 1;
    private const int EventName = 2;
    private const int EventAttributes = 3;
    private const int LinkTraceId = 1;
    private const int LinkSpanId = 2;
    private const int LinkTraceState = 3;
    private const int LinkAttributes = 4;
    private const int LinkFlags = 6;
    private const int StatusMessage = 2;
    private const int StatusCode = 3;
    private const int KeyValueKey = 1;
    private const int KeyValueValue = 2;
    private const int AnyString = 1;
    private const int AnyBool = 2;
    private const int AnyInt = 3;
    private const int AnyDouble = 4;
    private const int AnyArray = 5;
    private const int ArrayValues = 1;

    /// <summary>SpanFlags: the context carries is-remote information (bit 8) and the parent is remote (bit 9).</summary>
    private const uint HasIsRemote = 0x100;
    private const uint IsRemote = 0x200;

    private const long UnixEpochTicks = 621_355_968_000_000_000;

    private readonly ProtobufWriter _writer = new();
    private readonly IReadOnlyList<KeyValuePair<string, object>> _resource;
    private readonly Dictionary<ActivitySource, List<Activity>> _bySource = new(ReferenceEqualityComparer.Instance);
    private readonly List<string> _annotationKeys = new();

    public OtlpTraceEncoder(IReadOnlyList<KeyValuePair<string, object>> resource) => _resource = resource;

    /// <summary>Spans left out of the last request because alone they exceeded the size limit given to <see cref="Encode"/>.</summary>
    public int OversizedSpans { get; private set; }

    /// <summary>Encodes <paramref name="spans"/> and returns the request body (valid until the next call).</summary>
    public ReadOnlyMemory<byte> Encode(IReadOnlyList<Activity> spans, int maxSpanBytes)
    {
        OversizedSpans = 0;
        foreach (var list in _bySource.Values)
        {
            list.Clear();
        }

        foreach (var span in spans)
        {
            if (!_bySource.TryGetValue(span.Source, out var list))
            {
                _bySource[span.Source] = list = new List<Activity>();
            }

            list.Add(span);
        }

        var w = _writer;
        w.Reset();
        int resourceSpans = w.StartMessage(RequestResourceSpans);
        int resource = w.StartMessage(ResourceSpansResource);
        foreach (var (key, value) in _resource)
        {
            WriteAttribute(w, ResourceAttributes, key, value);
        }

        w.EndMessage(resource);
        foreach (var (source, list) in _bySource)
        {
            if (list.Count == 0)
            {
                continue;
            }

            int scopeSpans = w.StartMessage(ResourceSpansScopeSpans);
            int scope = w.StartMessage(ScopeSpansScope);
            w.WriteString(ScopeName, source.Name);
            w.WriteString(ScopeVersion, source.Version);
            w.EndMessage(scope);
            foreach (var span in list)
            {
                int before = w.Length;
                WriteSpan(w, span);
                if (w.Length - before > maxSpanBytes)
                {
                    w.Truncate(before);
                    OversizedSpans++;
                }
            }

            w.EndMessage(scopeSpans);
        }

        w.EndMessage(resourceSpans);

        // Sources seen once (a burst of short-lived sources) must not pin their lists forever.
        if (_bySource.Count > 256)
        {
            _bySource.Clear();
        }

        return w.WrittenMemory;
    }

    private void WriteSpan(ProtobufWriter w, Activity activity)
    {
        Span<byte> id = stackalloc byte[16];
        int span = w.StartMessage(ScopeSpansSpans);
        activity.TraceId.CopyTo(id);
        w.WriteBytes(SpanTraceId, id);
        activity.SpanId.CopyTo(id[..8]);
        w.WriteBytes(SpanSpanId, id[..8]);
        w.WriteString(SpanTraceState, activity.TraceStateString);
        if (activity.ParentSpanId != default)
        {
            activity.ParentSpanId.CopyTo(id[..8]);
            w.WriteBytes(SpanParentSpanId, id[..8]);
        }

        w.WriteString(SpanName, activity.DisplayName);
        w.WriteInt64(SpanKind, (int)activity.Kind + 1);
        var start = activity.StartTimeUtc.Ticks - UnixEpochTicks;
        w.WriteFixed64(SpanStartTime, (ulong)start * 100);
        w.WriteFixed64(SpanEndTime, (ulong)(start + activity.Duration.Ticks) * 100);
        foreach (var tag in activity.EnumerateTagObjects())
        {
            if (tag.Value is not null)
            {
                WriteAttribute(w, SpanAttributes, tag.Key, tag.Value);
            }
        }

        WriteExtras(w, activity);
        foreach (var e in activity.EnumerateEvents())
        {
            int evt = w.StartMessage(SpanEvents);
            w.WriteFixed64(EventTime, (ulong)(e.Timestamp.UtcTicks - UnixEpochTicks) * 100);
            w.WriteString(EventName, e.Name);
            foreach (var tag in e.EnumerateTagObjects())
            {
                if (tag.Value is not null)
                {
                    WriteAttribute(w, EventAttributes, tag.Key, tag.Value);
                }
            }

            w.EndMessage(evt);
        }

        foreach (var link in activity.EnumerateLinks())
        {
            int l = w.StartMessage(SpanLinks);
            link.Context.TraceId.CopyTo(id);
            w.WriteBytes(LinkTraceId, id);
            link.Context.SpanId.CopyTo(id[..8]);
            w.WriteBytes(LinkSpanId, id[..8]);
            w.WriteString(LinkTraceState, link.Context.TraceState);
            foreach (var tag in link.EnumerateTagObjects())
            {
                if (tag.Value is not null)
                {
                    WriteAttribute(w, LinkAttributes, tag.Key, tag.Value);
                }
            }

            w.WriteFixed32(LinkFlags, (uint)link.Context.TraceFlags | HasIsRemote | (link.Context.IsRemote ? IsRemote : 0));
            w.EndMessage(l);
        }

        if (activity.Status != ActivityStatusCode.Unset)
        {
            int status = w.StartMessage(SpanStatus);
            if (activity.Status == ActivityStatusCode.Error)
            {
                w.WriteString(StatusMessage, activity.StatusDescription);
            }

            w.WriteInt64(StatusCode, activity.Status == ActivityStatusCode.Ok ? 1 : 2);
            w.EndMessage(status);
        }

        bool remoteParent = activity.HasRemoteParent;
        w.WriteFixed32(SpanFlags, (uint)activity.ActivityTraceFlags | HasIsRemote | (remoteParent ? IsRemote : 0));
        w.EndMessage(span);
    }

    /// <summary>Annotations and metadata recorded through <see cref="TraceSpan"/> (kept off the activity's tags).</summary>
    private void WriteExtras(ProtobufWriter w, Activity activity)
    {
        if (SpanExtras.Get(activity) is not { } extras)
        {
            return;
        }

        _annotationKeys.Clear();
        if (extras.Annotations is { } annotations)
        {
            foreach (var (key, value) in annotations)
            {
                if (ToObject(value) is { } v)
                {
                    WriteAttribute(w, SpanAttributes, key, v);
                    _annotationKeys.Add(key);
                }
            }
        }

        if (extras.Metadata is { } metadata)
        {
            foreach (var (ns, key, value) in metadata)
            {
                if (ToObject(value) is { } v)
                {
                    WriteAttribute(w, SpanAttributes, ns == "default" ? key : ns + "." + key, v);
                }
            }
        }

        if (_annotationKeys.Count > 0)
        {
            WriteAttribute(w, SpanAttributes, "aws.xray.annotations", _annotationKeys.ToArray());
        }
    }

    private static object? ToObject(XRayValue value) => value.Kind switch
    {
        XRayValueKind.String => value.Text,
        XRayValueKind.Number => value.Number,
        XRayValueKind.Integer => value.Integer,
        XRayValueKind.Boolean => value.Flag,
        XRayValueKind.Json => value.Json,
        _ => null,
    };

    private static void WriteAttribute(ProtobufWriter w, int field, string key, object value)
    {
        int kv = w.StartMessage(field);
        w.WriteString(KeyValueKey, key);
        int any = w.StartMessage(KeyValueValue);
        WriteAnyValue(w, value);
        w.EndMessage(any);
        w.EndMessage(kv);
    }

    private static void WriteAnyValue(ProtobufWriter w, object value)
    {
        switch (value)
        {
            case string s:
                w.WriteStringAlways(AnyString, s);
                break;
            case bool b:
                w.WriteBool(AnyBool, b);
                break;
            case int or long or short or sbyte or byte or ushort or uint:
                w.WriteInt64(AnyInt, Convert.ToInt64(value, CultureInfo.InvariantCulture));
                break;
            case double d:
                w.WriteDouble(AnyDouble, d);
                break;
            case float f:
                w.WriteDouble(AnyDouble, f);
                break;
            case ulong u:
                // int64 cannot hold every ulong: the text keeps the value.
                w.WriteStringAlways(AnyString, u.ToString(CultureInfo.InvariantCulture));
                break;
            case System.Collections.IEnumerable items when value is not System.Collections.IDictionary:
                int array = w.StartMessage(AnyArray);
                foreach (var item in items)
                {
                    int element = w.StartMessage(ArrayValues);
                    if (item is not null)
                    {
                        WriteAnyValue(w, item is System.Collections.IEnumerable and not string ? Convert.ToString(item, CultureInfo.InvariantCulture)! : item);
                    }

                    w.EndMessage(element);
                }

                w.EndMessage(array);
                break;
            default:
                w.WriteStringAlways(AnyString, Convert.ToString(value, CultureInfo.InvariantCulture) ?? string.Empty);
                break;
        }
    }
}
