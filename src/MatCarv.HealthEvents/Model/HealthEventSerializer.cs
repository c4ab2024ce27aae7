using System.Buffers;
using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using MatCarv.HealthEvents.Publishing;
using MatCarv.HealthEvents.Transport;
using MatCarv.Observability.Context;
using MatCarv.Observability.Redaction;
using MatCarv.Observability.Tracing.Propagation;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace MatCarv.HealthEvents;

/// <summary>
/// Writes the <c>detail</c> object of schema <c>health-event</c> v1 (<c>Schema/health-event-v1.schema.json</c>) with
/// <see cref="Utf8JsonWriter"/> and pre-encoded property names (AOT-safe, no reflection). One instance per background
/// sender: it reuses its buffer and writer and is not thread-safe.
/// </summary>
internal sealed class HealthEventSerializer : IDisposable
{
    /// <summary>Relaxed escaping keeps non-ASCII text as UTF-8 (valid JSON, smaller entries under the size formula).</summary>
    internal static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, SkipValidation = false };

    private static readonly JsonEncodedText SchemaVersionName = JsonEncodedText.Encode("schemaVersion");
    private static readonly JsonEncodedText EventIdName = JsonEncodedText.Encode("eventId");
    private static readonly JsonEncodedText DedupKeyName = JsonEncodedText.Encode("dedupKey");
    private static readonly JsonEncodedText KindName = JsonEncodedText.Encode("kind");
    private static readonly JsonEncodedText SequenceName = JsonEncodedText.Encode("sequence");
    private static readonly JsonEncodedText ServiceName = JsonEncodedText.Encode("service");
    private static readonly JsonEncodedText NameName = JsonEncodedText.Encode("name");
    private static readonly JsonEncodedText NamespaceName = JsonEncodedText.Encode("namespace");
    private static readonly JsonEncodedText VersionName = JsonEncodedText.Encode("version");
    private static readonly JsonEncodedText EnvironmentName = JsonEncodedText.Encode("environment");
    private static readonly JsonEncodedText InstanceName = JsonEncodedText.Encode("instance");
    private static readonly JsonEncodedText IdName = JsonEncodedText.Encode("id");
    private static readonly JsonEncodedText RunIdName = JsonEncodedText.Encode("runId");
    private static readonly JsonEncodedText StartedAtName = JsonEncodedText.Encode("startedAt");
    private static readonly JsonEncodedText CloudName = JsonEncodedText.Encode("cloud");
    private static readonly JsonEncodedText ProviderName = JsonEncodedText.Encode("provider");
    private static readonly JsonEncodedText RegionName = JsonEncodedText.Encode("region");
    private static readonly JsonEncodedText PlatformName = JsonEncodedText.Encode("platform");
    private static readonly JsonEncodedText FunctionNameName = JsonEncodedText.Encode("functionName");
    private static readonly JsonEncodedText FunctionVersionName = JsonEncodedText.Encode("functionVersion");
    private static readonly JsonEncodedText StatusProperty = JsonEncodedText.Encode("status");
    private static readonly JsonEncodedText PreviousStatusName = JsonEncodedText.Encode("previousStatus");
    private static readonly JsonEncodedText StatusCodeName = JsonEncodedText.Encode("statusCode");
    private static readonly JsonEncodedText ReasonName = JsonEncodedText.Encode("reason");
    private static readonly JsonEncodedText ObservedAtName = JsonEncodedText.Encode("observedAt");
    private static readonly JsonEncodedText ChecksName = JsonEncodedText.Encode("checks");
    private static readonly JsonEncodedText DurationMsName = JsonEncodedText.Encode("durationMs");
    private static readonly JsonEncodedText DescriptionName = JsonEncodedText.Encode("description");
    private static readonly JsonEncodedText TagsName = JsonEncodedText.Encode("tags");
    private static readonly JsonEncodedText ExceptionTypeName = JsonEncodedText.Encode("exceptionType");
    private static readonly JsonEncodedText TotalDurationMsName = JsonEncodedText.Encode("totalDurationMs");
    private static readonly JsonEncodedText TraceName = JsonEncodedText.Encode("trace");
    private static readonly JsonEncodedText TraceParentName = JsonEncodedText.Encode("traceparent");
    private static readonly JsonEncodedText TraceStateName = JsonEncodedText.Encode("tracestate");
    private static readonly JsonEncodedText XRayTraceHeaderName = JsonEncodedText.Encode("xrayTraceHeader");
    private static readonly JsonEncodedText InvocationName = JsonEncodedText.Encode("invocation");
    private static readonly JsonEncodedText RequestIdName = JsonEncodedText.Encode("requestId");
    private static readonly JsonEncodedText CorrelationIdName = JsonEncodedText.Encode("correlationId");
    private static readonly JsonEncodedText SdkName = JsonEncodedText.Encode("sdk");
    private static readonly string SdkVersion = typeof(HealthEventSerializer).Assembly.GetName().Version?.ToString(3) ?? "0.0.0";

    private readonly HealthEventsSettings _settings;
    private readonly ArrayBufferWriter<byte> _buffer = new(2048);
    private readonly Utf8JsonWriter _writer;

    public HealthEventSerializer(HealthEventsSettings settings)
    {
        _settings = settings;
        _writer = new Utf8JsonWriter(_buffer, WriterOptions);
    }

    /// <summary>The status names of the schema (the <see cref="HealthStatus"/> member names).</summary>
    public static string StatusName(HealthStatus status) => status switch
    {
        HealthStatus.Healthy => "Healthy",
        HealthStatus.Degraded => "Degraded",
        _ => "Unhealthy",
    };

    /// <summary>
    /// The dedup key: SHA-256 (hex) of <c>v1|service|environment|instance|run|sequence|kind|status</c>. Deterministic, so a
    /// consumer can recompute it, and unique per event of a run (the run id changes with every process start).
    /// </summary>
    public static string ComputeDedupKey(HealthEventsSettings settings, long sequence, HealthEventKind kind, HealthStatus status)
    {
        var identity = settings.Identity;
        var text = string.Join(
            '|',
            "v1",
            identity.Name,
            identity.Environment ?? string.Empty,
            settings.InstanceId,
            settings.RunId.ToString("D"),
            sequence.ToString(CultureInfo.InvariantCulture),
            kind == HealthEventKind.Heartbeat ? "heartbeat" : "statusChanged",
            StatusName(status));
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(text), hash);
        return Convert.ToHexString(hash).ToLowerInvariant();
    }

    /// <summary>The X-Ray trace header for EventBridge's <c>TraceHeader</c>: the invocation's header, else one built from the activity.</summary>
    public static string? TraceHeaderOf(HealthEvent healthEvent)
    {
        if (healthEvent.XRayHeader is { } header)
        {
            return header.ToString();
        }

        if (healthEvent.HasActivity && healthEvent.TraceId != default)
        {
            return XRayTraceHeader.Create(
                XRayTraceId.Format(healthEvent.TraceId),
                healthEvent.SpanId.ToHexString(),
                (healthEvent.TraceFlags & ActivityTraceFlags.Recorded) != 0).ToString();
        }

        return null;
    }

    /// <summary>Serializes an event (already stamped by the publisher) into a PutEvents-ready entry.</summary>
    public PreparedEntry Prepare(HealthEvent healthEvent)
    {
        var observedAt = healthEvent.ResolveObservedAt(_settings.Runtime.TimeProvider);
        var dedupKey = ComputeDedupKey(_settings, healthEvent.Sequence, healthEvent.Kind, healthEvent.Status);
        var detail = WriteDetail(healthEvent, dedupKey);
        var resources = healthEvent.Resources is { Count: > 0 } extra
            ? _settings.Resources.Concat(extra.Where(r => !string.IsNullOrWhiteSpace(r))).ToArray()
            : _settings.Resources as string[] ?? _settings.Resources.ToArray();
        var detailTypeBytes = healthEvent.Kind == HealthEventKind.Heartbeat ? _settings.HeartbeatDetailTypeUtf8Length : _settings.StatusChangedDetailTypeUtf8Length;
        var size = EntrySize.Compute(hasTime: true, _settings.SourceUtf8Length, detailTypeBytes, detail.Length, resources);
        var traceHeader = TraceHeaderOf(healthEvent);

        // EventBridge model: TraceHeader is 1..500 characters; X-Ray drops invalid ones anyway, so an over-long one is left out.
        if (traceHeader is { Length: > 500 })
        {
            traceHeader = null;
        }

        return new PreparedEntry(healthEvent.Sequence, healthEvent.EventId, dedupKey, _settings.DetailTypeFor(healthEvent.Kind), detail, resources, observedAt, traceHeader, size)
        {
            FunctionArn = healthEvent.FunctionArn,
            LambdaLevel = LambdaLogLevel.Of(healthEvent.Kind, healthEvent.Status, healthEvent.PreviousStatus),
        };
    }

    /// <summary>Writes the <c>detail</c> object and returns its UTF-8 bytes.</summary>
    public byte[] WriteDetail(HealthEvent e, string dedupKey)
    {
        _buffer.ResetWrittenCount();
        _writer.Reset(_buffer);
        var w = _writer;
        var identity = _settings.Identity;
        var execution = _settings.Runtime.Execution;

        w.WriteStartObject();
        w.WriteString(SchemaVersionName, HealthEvent.SchemaVersion);
        w.WriteString(EventIdName, e.EventId);
        w.WriteString(DedupKeyName, dedupKey);
        w.WriteString(KindName, e.Kind == HealthEventKind.Heartbeat ? "heartbeat" : "statusChanged");
        w.WriteNumber(SequenceName, e.Sequence);

        w.WriteStartObject(ServiceName);
        w.WriteString(NameName, identity.Name);
        WriteIfNotNull(w, NamespaceName, identity.Namespace);
        WriteIfNotNull(w, VersionName, identity.Version);
        w.WriteEndObject();
        WriteIfNotNull(w, EnvironmentName, identity.Environment);

        w.WriteStartObject(InstanceName);
        w.WriteString(IdName, _settings.InstanceId);
        w.WriteString(RunIdName, _settings.RunId);
        WriteTimestamp(w, StartedAtName, _settings.StartedAt);
        w.WriteEndObject();

        w.WriteStartObject(CloudName);
        w.WriteString(ProviderName, "aws");
        WriteIfNotNull(w, RegionName, identity.Region);
        w.WriteString(PlatformName, PlatformOf(execution.Kind));
        WriteIfNotNull(w, FunctionNameName, execution.FunctionName);
        WriteIfNotNull(w, FunctionVersionName, execution.FunctionVersion);
        w.WriteEndObject();

        w.WriteString(StatusProperty, StatusName(e.Status));
        if (e.PreviousStatus is { } previous)
        {
            w.WriteString(PreviousStatusName, StatusName(previous));
        }

        // Mirrors AWS Health's statusCode: an impairment is "open" until the service is Healthy again.
        w.WriteString(StatusCodeName, e.Status == HealthStatus.Healthy ? "closed" : "open");
        WriteTextIfNotNull(w, ReasonName, e.Reason);
        WriteTimestamp(w, ObservedAtName, e.ResolveObservedAt(_settings.Runtime.TimeProvider));

        w.WriteStartArray(ChecksName);
        if (e.Checks is { } checks)
        {
            foreach (var check in checks)
            {
                if (check is null)
                {
                    continue;
                }

                w.WriteStartObject();
                w.WriteString(NameName, check.Name);
                w.WriteString(StatusProperty, StatusName(check.Status));
                w.WriteNumber(DurationMsName, Milliseconds(check.Duration));
                WriteTextIfNotNull(w, DescriptionName, check.Description);
                if (check.Tags is { Count: > 0 } tags)
                {
                    w.WriteStartArray(TagsName);
                    foreach (var tag in tags)
                    {
                        if (tag is not null)
                        {
                            w.WriteStringValue(SecretRedactor.Redact(tag, SecretRedactor.DefaultMarker));
                        }
                    }

                    w.WriteEndArray();
                }

                WriteIfNotNull(w, ExceptionTypeName, check.ExceptionType);
                w.WriteEndObject();
            }
        }

        w.WriteEndArray();
        if (e.TotalDuration is { } total)
        {
            w.WriteNumber(TotalDurationMsName, Milliseconds(total));
        }

        var xray = TraceHeaderOf(e);
        if (e.HasActivity || xray is not null)
        {
            w.WriteStartObject(TraceName);
            if (e.HasActivity && e.TraceId != default)
            {
                // W3C Trace Context: version-traceid-parentid-flags. EventBridge delivers no TraceHeader to targets, so the
                // W3C context travels in the detail.
                w.WriteString(TraceParentName, string.Concat("00-", e.TraceId.ToHexString(), "-", e.SpanId.ToHexString(), (e.TraceFlags & ActivityTraceFlags.Recorded) != 0 ? "-01" : "-00"));
                if (!string.IsNullOrEmpty(e.TraceState))
                {
                    w.WriteString(TraceStateName, e.TraceState);
                }
            }

            WriteIfNotNull(w, XRayTraceHeaderName, xray);
            w.WriteEndObject();
        }

        if (e.RequestId is not null || e.CorrelationId is not null)
        {
            w.WriteStartObject(InvocationName);
            WriteIfNotNull(w, RequestIdName, e.RequestId);
            WriteIfNotNull(w, CorrelationIdName, e.CorrelationId);
            w.WriteEndObject();
        }

        w.WriteStartObject(SdkName);
        w.WriteString(NameName, "MatCarv.HealthEvents");
        w.WriteString(VersionName, SdkVersion);
        w.WriteEndObject();
        w.WriteEndObject();
        w.Flush();
        return _buffer.WrittenSpan.ToArray();
    }

    public void Dispose() => _writer.Dispose();

    /// <summary>RFC 3339 UTC with milliseconds, the format EventBridge uses for <c>time</c>.</summary>
    internal static void WriteTimestamp(Utf8JsonWriter writer, JsonEncodedText name, DateTimeOffset value)
    {
        Span<byte> buffer = stackalloc byte[32];
        var utc = value.UtcDateTime;
        utc.TryFormat(buffer, out var written, "yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
        writer.WriteString(name, buffer[..written]);
    }

    internal static string PlatformOf(ExecutionEnvironmentKind kind) => kind switch
    {
        ExecutionEnvironmentKind.Lambda => "lambda",
        ExecutionEnvironmentKind.Ecs => "ecs",
        ExecutionEnvironmentKind.Eks => "eks",
        ExecutionEnvironmentKind.Ec2 => "ec2",
        _ => "local",
    };

    private static double Milliseconds(TimeSpan duration) => duration <= TimeSpan.Zero ? 0 : Math.Round(duration.TotalMilliseconds, 3);

    /// <summary>
    /// Free text (reasons, check descriptions): health-check descriptions often carry exception messages with connection
    /// strings, so secret-shaped values are replaced as in log lines (issue 10). Nothing is copied when none is found.
    /// </summary>
    private static void WriteTextIfNotNull(Utf8JsonWriter writer, JsonEncodedText name, string? value)
    {
        if (value is not null)
        {
            writer.WriteString(name, SecretRedactor.Redact(value, SecretRedactor.DefaultMarker));
        }
    }

    private static void WriteIfNotNull(Utf8JsonWriter writer, JsonEncodedText name, string? value)
    {
        if (value is not null)
        {
            writer.WriteString(name, value);
        }
    }
}
