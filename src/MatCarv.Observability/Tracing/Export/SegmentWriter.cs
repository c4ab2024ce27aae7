using System.Buffers;
using System.Buffers.Text;
using System.Diagnostics;
using System.Text.Encodings.Web;
using System.Text.Json;
using MatCarv.Observability.Context;
using MatCarv.Observability.Tracing.Propagation;
using N = MatCarv.Observability.Tracing.Export.XRayJsonNames;

namespace MatCarv.Observability.Tracing.Export;

/// <summary>
/// Writes one finished <see cref="Activity"/> as an X-Ray segment or subsegment JSON object, without its children.
/// Runs only on the exporter's background loop (one instance, one reused <see cref="Utf8JsonWriter"/>, pre-encoded names,
/// no reflection). Mapping: OpenTelemetry semantic-convention tags become <c>http</c>/<c>aws</c>; status codes and
/// <see cref="ActivityStatusCode.Error"/> become <c>error</c>/<c>throttle</c>/<c>fault</c>; <c>exception</c> events become
/// <c>cause</c>; other tags become metadata (or annotations when configured).
/// </summary>
internal sealed class SegmentWriter : IDisposable
{
    /// <summary>X-Ray schema: http strings are at most 250 characters.</summary>
    public const int MaxHttpString = 250;

    /// <summary>X-Ray schema: annotation string values are at most 1000 characters.</summary>
    public const int MaxAnnotationValue = 1000;

    public const int MaxStackFrames = 64;
    public const int MaxExceptions = 10;
    public const int MaxExceptionMessage = 4096;
    public const int TrimmedExceptionMessage = 256;

    private static readonly string SdkVersion = typeof(SegmentWriter).Assembly.GetName().Version?.ToString(3) ?? "0.0.0";
    private static readonly long UnixEpochTicks = DateTime.UnixEpoch.Ticks;

    private readonly Utf8JsonWriter _json;
    private readonly TracingSettings _settings;
    private readonly string _workingDirectory;
    private readonly KeySet _seenKeys = new();
    private readonly List<string> _namespaces = new();
    private byte[] _segmentAws;
    private IReadOnlyList<CloudWatchLogs.LogGroup> _encodedLogGroups;
    private readonly byte[]? _segmentService;
    private readonly string? _origin;

    public SegmentWriter(TracingSettings settings)
    {
        _settings = settings;
        _workingDirectory = Environment.CurrentDirectory;

        // SkipValidation: the writer is driven by this class only, and an object is left open on purpose (children are appended
        // as raw bytes later). Measured: validation was ~5 % of the exporter thread's time (perf, tracing-perf note).
        _json = new Utf8JsonWriter(Stream.Null, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, SkipValidation = true });
        _origin = settings.Runtime.Execution.Kind switch
        {
            ExecutionEnvironmentKind.Ecs => "AWS::ECS::Container",
            ExecutionEnvironmentKind.Eks => "AWS::EKS::Container",
            ExecutionEnvironmentKind.Ec2 => "AWS::EC2::Instance",
            _ => null,
        };
        _encodedLogGroups = settings.LogGroups.Current;
        _segmentAws = EncodeObject(w => WriteSegmentAwsFields(w));
        _segmentService = settings.Runtime.Identity.Version is { } version
            ? EncodeObject(w => w.WriteString(N.Version, version))
            : null;
    }

    public void Dispose() => _json.Dispose();

    /// <summary>
    /// Writes the span's object into <paramref name="output"/> <b>without its closing brace</b> (<c>{"id":…,…</c>), so that
    /// children can be appended before it is closed.
    /// </summary>
    /// <param name="activity">The finished activity.</param>
    /// <param name="kind">Segment, nested subsegment or standalone subsegment document.</param>
    /// <param name="trim">What to leave out.</param>
    /// <param name="output">Where the bytes go (appended).</param>
    public void Write(Activity activity, SegmentKind kind, TrimLevel trim, ByteArena output)
    {
        var w = _json;
        w.Reset(output);
        bool segment = kind == SegmentKind.Segment;
        var tags = SpanTags.Read(activity, _settings.AnnotationTags);
        w.WriteStartObject();
        Span<byte> hex = stackalloc byte[XRayIds.QuotedTraceIdLength];
        if (kind == SegmentKind.StandaloneSubsegment)
        {
            w.WriteString(N.Type, "subsegment"u8);
            WriteSpanId(w, N.ParentId, activity.ParentSpanId, hex);
            WriteTraceId(w, activity.TraceId, hex);
        }

        WriteSpanId(w, N.Id, activity.SpanId, hex);
        if (segment)
        {
            w.WriteString(N.Name, _settings.SegmentName);
        }
        else
        {
            WriteSubsegmentName(w, activity, tags);
        }

        long start = activity.StartTimeUtc.Ticks - UnixEpochTicks;
        WriteTime(w, N.StartTime, start);
        WriteTime(w, N.EndTime, start + activity.Duration.Ticks);
        if (segment)
        {
            WriteTraceId(w, activity.TraceId, hex);
            if (activity.ParentSpanId != default)
            {
                WriteSpanId(w, N.ParentId, activity.ParentSpanId, hex);
            }

            WriteSegmentFields(w);
        }
        else if (tags.IsAws)
        {
            w.WriteString(N.Namespace, "aws"u8);
        }
        else if (activity.Kind is ActivityKind.Client or ActivityKind.Producer || tags.Method is not null)
        {
            if (activity.Kind != ActivityKind.Server)
            {
                w.WriteString(N.Namespace, "remote"u8);
            }
        }

        WriteHttp(w, activity, tags, segment);
        WriteAws(w, tags, segment);
        WriteErrors(w, activity, tags, trim);
        if (trim < TrimLevel.Annotations)
        {
            WriteAnnotations(w, activity, tags);
        }

        WriteMetadata(w, activity, tags, segment, trim);
        w.Flush();
    }

    private static byte[] EncodeObject(Action<Utf8JsonWriter> body)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        w.WriteStartObject();
        body(w);
        w.WriteEndObject();
        w.Flush();
        return buffer.WrittenSpan.ToArray();
    }

    private static void WriteSpanId(Utf8JsonWriter w, JsonEncodedText name, ActivitySpanId id, Span<byte> scratch)
    {
        XRayIds.WriteQuotedSpanId(id, scratch);
        w.WritePropertyName(name);
        w.WriteRawValue(scratch[..XRayIds.QuotedSpanIdLength], skipInputValidation: true);
    }

    private static void WriteTraceId(Utf8JsonWriter w, ActivityTraceId id, Span<byte> scratch)
    {
        XRayIds.WriteQuotedTraceId(id, scratch);
        w.WritePropertyName(N.TraceId);
        w.WriteRawValue(scratch[..XRayIds.QuotedTraceIdLength], skipInputValidation: true);
    }

    /// <summary>X-Ray: times are epoch seconds with microsecond precision (<c>1480615200.010123</c>), written exactly from ticks.</summary>
    private static void WriteTime(Utf8JsonWriter w, JsonEncodedText name, long ticksSinceEpoch)
    {
        Span<byte> text = stackalloc byte[32];
        long seconds = ticksSinceEpoch / TimeSpan.TicksPerSecond;
        long micros = ticksSinceEpoch % TimeSpan.TicksPerSecond / 10;
        Utf8Formatter.TryFormat(seconds, text, out int length);
        text[length++] = (byte)'.';
        Utf8Formatter.TryFormat(micros, text[length..], out int fraction, new StandardFormat('D', 6));
        w.WritePropertyName(name);
        w.WriteRawValue(text[..(length + fraction)], skipInputValidation: true);
    }

    private static void WriteSubsegmentName(Utf8JsonWriter w, Activity activity, in SpanTags tags)
    {
        // X-Ray names downstream calls after the callee: the host for HTTP, the service for AWS SDK calls.
        string? name;
        if (tags.IsAws && tags.RpcService is { Length: > 0 } service)
        {
            name = service;
        }
        else if (activity.Kind == ActivityKind.Client && tags.Method is not null && tags.ServerAddress is { Length: > 0 } host)
        {
            name = host;
        }
        else
        {
            name = activity.DisplayName;
        }

        // Sanitised on the stack: names such as "GET /orders/{id}" would otherwise allocate a string per span.
        Span<char> clean = stackalloc char[XRayNames.MaxNameLength];
        w.WriteString(N.Name, clean[..XRayNames.SanitizeName(name, clean)]);
    }

    private void WriteSegmentFields(Utf8JsonWriter w)
    {
        if (_origin is not null)
        {
            w.WriteString(N.Origin, _origin);
        }

        if (_segmentService is not null)
        {
            w.WritePropertyName(N.Service);
            w.WriteRawValue(_segmentService, skipInputValidation: true);
        }
    }

    private static void WriteHttp(Utf8JsonWriter w, Activity activity, in SpanTags tags, bool segment)
    {
        if (tags.Method is null && tags.Status is null)
        {
            return;
        }

        w.WriteStartObject(N.Http);
        w.WriteStartObject(N.Request);
        if (tags.Method is not null)
        {
            WriteTruncated(w, N.Method, tags.Method, MaxHttpString);
        }

        var url = tags.Url();
        if (url is not null)
        {
            WriteTruncated(w, N.Url, url, MaxHttpString);
        }

        if (activity.Kind == ActivityKind.Server || segment)
        {
            if (tags.UserAgent is not null)
            {
                WriteTruncated(w, N.UserAgent, tags.UserAgent, MaxHttpString);
            }

            if (tags.ClientIp is not null)
            {
                WriteTruncated(w, N.ClientIp, tags.ClientIp, MaxHttpString);
            }
        }

        w.WriteEndObject();
        if (tags.Status is not null || tags.ContentLength is not null)
        {
            w.WriteStartObject(N.Response);
            if (tags.Status is { } status)
            {
                w.WriteNumber(N.Status, status);
            }

            if (tags.ContentLength is { } length)
            {
                w.WriteNumber(N.ContentLength, length);
            }

            w.WriteEndObject();
        }

        w.WriteEndObject();
    }

    private void WriteAws(Utf8JsonWriter w, in SpanTags tags, bool segment)
    {
        if (!tags.IsAws)
        {
            if (segment)
            {
                // The same for every segment of the process: encoded once, again only when the ECS metadata read named the log group.
                if (!ReferenceEquals(_encodedLogGroups, _settings.LogGroups.Current))
                {
                    _encodedLogGroups = _settings.LogGroups.Current;
                    _segmentAws = EncodeObject(w => WriteSegmentAwsFields(w));
                }

                w.WritePropertyName(N.Aws);
                w.WriteRawValue(_segmentAws, skipInputValidation: true);
            }

            return;
        }

        w.WriteStartObject(N.Aws);
        if (segment)
        {
            WriteSegmentAwsFields(w);
        }

        WriteOptional(w, N.Operation, tags.RpcMethod);
        WriteOptional(w, N.Region, tags.AwsRegion ?? _settings.Runtime.Identity.Region);
        WriteOptional(w, N.RequestId, tags.AwsRequestId);
        WriteOptional(w, N.QueueUrl, tags.QueueUrl);
        WriteOptional(w, N.TableName, tags.TableName);
        w.WriteEndObject();
    }

    /// <summary>The segment's own <c>aws</c> fields (SDK, and the container, pod or instance), the same for every segment.</summary>
    private void WriteSegmentAwsFields(Utf8JsonWriter w)
    {
        var kind = _settings.Runtime.Execution.Kind;
        w.WriteStartObject(N.XRay);
        w.WriteString(N.Sdk, "MatCarv.Observability for .NET");
        w.WriteString(N.SdkVersion, SdkVersion);
        w.WriteEndObject();
        if (kind == ExecutionEnvironmentKind.Ecs && _settings.Hostname is { } container)
        {
            w.WriteStartObject(N.Ecs);
            w.WriteString(N.Container, container);
            w.WriteEndObject();
        }
        else if (kind == ExecutionEnvironmentKind.Eks && _settings.Hostname is { } pod)
        {
            w.WriteStartObject(N.Eks);
            w.WriteString(N.Pod, pod);
            w.WriteEndObject();
        }
        else if (kind == ExecutionEnvironmentKind.Ec2 && _settings.Ec2InstanceId is { } instance)
        {
            w.WriteStartObject(N.Ec2);
            w.WriteString(N.InstanceId, instance);
            w.WriteEndObject();
        }

        // X-Ray segment documents: aws.cloudwatch_logs lets the console jump from a trace to the container's logs.
        var groups = _settings.LogGroups.Current;
        if (kind is ExecutionEnvironmentKind.Ecs or ExecutionEnvironmentKind.Eks or ExecutionEnvironmentKind.Ec2 && groups.Count > 0)
        {
            w.WriteStartArray(N.CloudWatchLogs);
            foreach (var group in groups)
            {
                w.WriteStartObject();
                w.WriteString(N.LogGroup, group.Name);
                if (group.Arn is { } arn)
                {
                    w.WriteString(N.Arn, arn);
                }

                w.WriteEndObject();
            }

            w.WriteEndArray();
        }
    }

    private void WriteErrors(Utf8JsonWriter w, Activity activity, in SpanTags tags, TrimLevel trim)
    {
        bool error = false, throttle = false, fault = false;
        if (tags.Status is { } status)
        {
            // X-Ray: error for 4xx, throttle (with error) for 429, fault for 5xx.
            throttle = status == 429;
            error = status is >= 400 and < 500;
            fault = status >= 500;
        }

        bool hasExceptions = false;
        foreach (var e in activity.EnumerateEvents())
        {
            if (e.Name == "exception")
            {
                hasExceptions = true;
                break;
            }
        }

        if (!error && !fault && (activity.Status == ActivityStatusCode.Error || hasExceptions))
        {
            fault = true;
        }

        if (error)
        {
            w.WriteBoolean(N.Error, true);
        }

        if (throttle)
        {
            w.WriteBoolean(N.Throttle, true);
        }

        if (fault)
        {
            w.WriteBoolean(N.Fault, true);
        }

        if (!hasExceptions && (activity.Status != ActivityStatusCode.Error || string.IsNullOrEmpty(activity.StatusDescription)))
        {
            return;
        }

        w.WriteStartObject(N.Cause);
        w.WriteString(N.WorkingDirectory, _workingDirectory);
        w.WriteStartArray(N.Exceptions);
        Span<byte> hex = stackalloc byte[XRayIds.QuotedSpanIdLength];
        if (!hasExceptions)
        {
            w.WriteStartObject();
            WriteSpanId(w, N.Id, ActivitySpanId.CreateRandom(), hex);
            WriteTruncated(w, N.Message, activity.StatusDescription!, trim >= TrimLevel.Cause ? TrimmedExceptionMessage : MaxExceptionMessage);
            w.WriteEndObject();
        }

        int count = 0;
        foreach (var e in activity.EnumerateEvents())
        {
            if (e.Name != "exception")
            {
                continue;
            }

            if (count++ == MaxExceptions)
            {
                break;
            }

            string? type = null, message = null, stack = null;
            foreach (var tag in e.EnumerateTagObjects())
            {
                switch (tag.Key)
                {
                    case "exception.type":
                        type = tag.Value as string;
                        break;
                    case "exception.message":
                        message = tag.Value as string;
                        break;
                    case "exception.stacktrace":
                        stack = tag.Value as string;
                        break;
                }
            }

            w.WriteStartObject();
            WriteSpanId(w, N.Id, ActivitySpanId.CreateRandom(), hex);
            if (message is not null)
            {
                WriteTruncated(w, N.Message, message, trim >= TrimLevel.Cause ? TrimmedExceptionMessage : MaxExceptionMessage);
            }

            if (type is not null)
            {
                WriteTruncated(w, N.Type, type, MaxHttpString);
            }

            if (activity.Kind == ActivityKind.Client)
            {
                w.WriteBoolean(N.Remote, true);
            }

            if (stack is not null && trim < TrimLevel.Cause)
            {
                WriteStack(w, stack);
            }

            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void WriteStack(Utf8JsonWriter w, string stack)
    {
        int position = 0, frames = 0, truncated = 0;
        bool started = false;
        while (StackTraceParser.TryReadFrame(stack, ref position, out var label, out var path, out var line))
        {
            if (frames == MaxStackFrames)
            {
                truncated++;
                continue;
            }

            if (!started)
            {
                w.WriteStartArray(N.Stack);
                started = true;
            }

            frames++;
            w.WriteStartObject();
            if (!path.IsEmpty)
            {
                w.WriteString(N.Path, path.Length > 1000 ? path[..1000] : path);
            }

            if (line is { } number)
            {
                w.WriteNumber(N.Line, number);
            }

            w.WriteString(N.Label, label.Length > 1000 ? label[..1000] : label);
            w.WriteEndObject();
        }

        if (started)
        {
            w.WriteEndArray();
        }

        if (truncated > 0)
        {
            w.WriteNumber(N.Truncated, truncated);
        }
    }

    private void WriteAnnotations(Utf8JsonWriter w, Activity activity, in SpanTags tags)
    {
        var extras = SpanExtras.Get(activity);
        bool started = false;
        _seenKeys.Clear();
        if (extras?.Annotations is { } annotations)
        {
            foreach (var pair in annotations)
            {
                WriteAnnotation(w, pair.Key, pair.Value, ref started);
            }
        }

        if (tags.HasAnnotationTags)
        {
            foreach (var tag in activity.EnumerateTagObjects())
            {
                if (tags.IsAnnotation(tag.Key) && TryAnnotationValue(tag.Value, out var value))
                {
                    WriteAnnotation(w, tag.Key, value, ref started);
                }
            }
        }

        if (started)
        {
            w.WriteEndObject();
        }
    }

    private void WriteAnnotation(Utf8JsonWriter w, string rawKey, XRayValue value, ref bool started)
    {
        var key = XRayNames.SanitizeAnnotationKey(rawKey);
        if (key is null || !_seenKeys.Add(key))
        {
            _settings.Runtime.Diagnostics.ReportDrop("tracing", "invalid_annotation");
            return;
        }

        if (value.Kind == XRayValueKind.Number && !double.IsFinite(value.Number))
        {
            // X-Ray annotations are JSON numbers; NaN and infinities have no JSON form.
            _settings.Runtime.Diagnostics.ReportDrop("tracing", "invalid_annotation");
            return;
        }

        if (!started)
        {
            w.WriteStartObject(N.Annotations);
            started = true;
        }

        switch (value.Kind)
        {
            case XRayValueKind.String:
                WriteTruncated(w, key, value.Text!, MaxAnnotationValue);
                break;
            case XRayValueKind.Number:
                w.WriteNumber(key, value.Number);
                break;
            case XRayValueKind.Integer:
                w.WriteNumber(key, value.Integer);
                break;
            case XRayValueKind.Boolean:
                w.WriteBoolean(key, value.Flag);
                break;
            default:
                WriteTruncated(w, key, value.Text ?? string.Empty, MaxAnnotationValue);
                break;
        }
    }

    private static bool TryAnnotationValue(object? value, out XRayValue result)
    {
        result = value switch
        {
            string s => XRayValue.FromString(s),
            bool b => XRayValue.FromBoolean(b),
            int i => XRayValue.FromInt64(i),
            long l => XRayValue.FromInt64(l),
            short s => XRayValue.FromInt64(s),
            byte b => XRayValue.FromInt64(b),
            uint u => XRayValue.FromInt64(u),
            double d => XRayValue.FromDouble(d),
            float f => XRayValue.FromDouble(f),
            _ => default,
        };
        return result.Kind != XRayValueKind.Null;
    }

    private void WriteMetadata(Utf8JsonWriter w, Activity activity, in SpanTags tags, bool segment, TrimLevel trim)
    {
        if (trim > TrimLevel.None)
        {
            // The marker: a reader of the trace sees what was removed to fit the 64 KB document limit.
            w.WriteStartObject(N.Metadata);
            w.WriteStartObject(N.MatCarv);
            w.WriteString(N.Trimmed, trim switch
            {
                TrimLevel.Metadata => "metadata",
                TrimLevel.Annotations => "metadata,annotations",
                _ => "metadata,annotations,cause",
            });
            w.WriteEndObject();
            w.WriteEndObject();
            return;
        }

        var extras = SpanExtras.Get(activity)?.Metadata;
        bool started = false, defaultStarted = false;
        _seenKeys.Clear();

        // The activity's own name would be lost on a segment (X-Ray names segments after the service).
        if (segment && activity.Kind != ActivityKind.Server)
        {
            StartDefault(w, ref started, ref defaultStarted);
            _seenKeys.Add("span_name");
            w.WriteString(N.SpanName, activity.DisplayName);
        }

        int index = -1;
        foreach (var tag in activity.EnumerateTagObjects())
        {
            index++;
            if (tags.IsMappedAt(index, tag.Key) || (tags.HasAnnotationTags && tags.IsAnnotation(tag.Key)) || !_seenKeys.Add(tag.Key))
            {
                continue;
            }

            StartDefault(w, ref started, ref defaultStarted);
            w.WritePropertyName(tag.Key);
            WriteTagValue(w, tag.Value);
        }

        if (extras is not null)
        {
            foreach (var (ns, key, value) in extras)
            {
                if (ns == "default" && _seenKeys.Add(key))
                {
                    StartDefault(w, ref started, ref defaultStarted);
                    w.WritePropertyName(key);
                    WriteValue(w, value);
                }
            }

            if (defaultStarted)
            {
                w.WriteEndObject();
                defaultStarted = false;
            }

            _namespaces.Clear();
            foreach (var (ns, _, _) in extras)
            {
                if (ns != "default" && !_namespaces.Contains(ns))
                {
                    _namespaces.Add(ns);
                }
            }

            foreach (var ns in _namespaces)
            {
                if (!started)
                {
                    w.WriteStartObject(N.Metadata);
                    started = true;
                }

                // X-Ray reserves metadata namespaces starting with "AWS.".
                w.WriteStartObject(ns.StartsWith("AWS.", StringComparison.Ordinal) ? "_" + ns : ns);
                _seenKeys.Clear();
                foreach (var (entryNs, key, value) in extras)
                {
                    if (entryNs == ns && _seenKeys.Add(key))
                    {
                        w.WritePropertyName(key);
                        WriteValue(w, value);
                    }
                }

                w.WriteEndObject();
            }
        }

        if (defaultStarted)
        {
            w.WriteEndObject();
        }

        if (started)
        {
            w.WriteEndObject();
        }
    }

    private static void StartDefault(Utf8JsonWriter w, ref bool started, ref bool defaultStarted)
    {
        if (!started)
        {
            w.WriteStartObject(N.Metadata);
            started = true;
        }

        if (!defaultStarted)
        {
            w.WriteStartObject(N.Default);
            defaultStarted = true;
        }
    }

    private static void WriteValue(Utf8JsonWriter w, XRayValue value)
    {
        switch (value.Kind)
        {
            case XRayValueKind.String:
                w.WriteStringValue(Redacted(value.Text));
                break;
            case XRayValueKind.Number:
                if (double.IsFinite(value.Number))
                {
                    w.WriteNumberValue(value.Number);
                }
                else
                {
                    w.WriteStringValue(value.Number.ToString(System.Globalization.CultureInfo.InvariantCulture));
                }

                break;
            case XRayValueKind.Integer:
                w.WriteNumberValue(value.Integer);
                break;
            case XRayValueKind.Boolean:
                w.WriteBooleanValue(value.Flag);
                break;
            case XRayValueKind.Json:
                w.WriteRawValue(value.Json!, skipInputValidation: false);
                break;
            default:
                w.WriteNullValue();
                break;
        }
    }

    private static void WriteTagValue(Utf8JsonWriter w, object? value)
    {
        switch (value)
        {
            case null:
                w.WriteNullValue();
                break;
            case string s:
                w.WriteStringValue(Redacted(s));
                break;
            case bool b:
                w.WriteBooleanValue(b);
                break;
            case int i:
                w.WriteNumberValue(i);
                break;
            case long l:
                w.WriteNumberValue(l);
                break;
            case double d when double.IsFinite(d):
                w.WriteNumberValue(d);
                break;
            case float f when float.IsFinite(f):
                w.WriteNumberValue(f);
                break;
            case short or byte or sbyte or ushort or uint:
                w.WriteNumberValue(Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture));
                break;
            case string[] strings:
                w.WriteStartArray();
                foreach (var item in strings)
                {
                    w.WriteStringValue(Redacted(item));
                }

                w.WriteEndArray();
                break;
            case System.Collections.IEnumerable items and not System.Collections.IDictionary:
                w.WriteStartArray();
                foreach (var item in items)
                {
                    WriteTagValue(w, item is System.Collections.IEnumerable and not string ? item.ToString() : item);
                }

                w.WriteEndArray();
                break;
            default:
                w.WriteStringValue(Redacted(Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture)));
                break;
        }
    }

    /// <summary>
    /// Text that may carry user data (exception messages, HTTP URLs, annotation, metadata and tag values) loses secrets by
    /// their shape before it leaves the process (issue 10; <see cref="Redaction.SecretRedactor"/>, the logger's rules).
    /// </summary>
    private static string? Redacted(string? value) => value is null ? null : Redaction.SecretRedactor.Redact(value, RedactionMarker);

    private const string RedactionMarker = "[REDACTED]";

    private static void WriteOptional(Utf8JsonWriter w, JsonEncodedText name, string? value)
    {
        if (value is not null)
        {
            WriteTruncated(w, name, value, MaxHttpString);
        }
    }

    private static void WriteTruncated(Utf8JsonWriter w, JsonEncodedText name, string value, int max)
    {
        value = Redacted(value)!;
        w.WriteString(name, value.Length <= max ? value.AsSpan() : Truncate(value, max));
    }

    private static void WriteTruncated(Utf8JsonWriter w, string name, string value, int max)
    {
        value = Redacted(value)!;
        w.WriteString(name, value.Length <= max ? value.AsSpan() : Truncate(value, max));
    }

    /// <summary>Cuts at <paramref name="max"/> characters without splitting a surrogate pair.</summary>
    private static ReadOnlySpan<char> Truncate(string value, int max) =>
        char.IsHighSurrogate(value[max - 1]) ? value.AsSpan(0, max - 1) : value.AsSpan(0, max);
}
