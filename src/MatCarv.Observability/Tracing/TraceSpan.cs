using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using MatCarv.Observability.Tracing.Export;

namespace MatCarv.Observability.Tracing;

/// <summary>
/// A span started by <see cref="MatCarvTracer"/>: an <see cref="System.Diagnostics.Activity"/> with X-Ray helpers. Dispose it
/// to end it. Every method is a no-op when the span is not recorded (tracing disabled or trace not sampled), and none throws.
/// </summary>
public readonly struct TraceSpan : IDisposable, IEquatable<TraceSpan>
{
    private readonly MatCarvTracer? _tracer;

    internal TraceSpan(Activity? activity, MatCarvTracer tracer)
    {
        Activity = activity;
        _tracer = tracer;
    }

    /// <summary>The underlying activity, or null when none was created.</summary>
    public Activity? Activity { get; }

    /// <summary>Whether the span is recorded and will be sent.</summary>
    public bool IsRecording => Activity is { Recorded: true };

    /// <summary>Adds an annotation (indexed by X-Ray, searchable). Keys are sanitised to <c>[A-Za-z0-9_]</c>.</summary>
    /// <param name="key">The key.</param>
    /// <param name="value">The value (at most 1000 characters are kept).</param>
    /// <returns>This span.</returns>
    public TraceSpan AddAnnotation(string key, string value) => Annotate(key, XRayValue.FromString(value));

    /// <summary>Adds a boolean annotation.</summary>
    /// <param name="key">The key.</param>
    /// <param name="value">The value.</param>
    /// <returns>This span.</returns>
    public TraceSpan AddAnnotation(string key, bool value) => Annotate(key, XRayValue.FromBoolean(value));

    /// <summary>Adds a number annotation.</summary>
    /// <param name="key">The key.</param>
    /// <param name="value">The value.</param>
    /// <returns>This span.</returns>
    public TraceSpan AddAnnotation(string key, long value) => Annotate(key, XRayValue.FromInt64(value));

    /// <summary>Adds a number annotation (NaN and infinities are dropped and counted).</summary>
    /// <param name="key">The key.</param>
    /// <param name="value">The value.</param>
    /// <returns>This span.</returns>
    public TraceSpan AddAnnotation(string key, double value) => Annotate(key, XRayValue.FromDouble(value));

    /// <summary>Adds metadata (not indexed). The namespace defaults to the service name, as in Powertools.</summary>
    /// <param name="key">The key.</param>
    /// <param name="value">The value.</param>
    /// <param name="metadataNamespace">The namespace; the service name when null.</param>
    /// <returns>This span.</returns>
    public TraceSpan AddMetadata(string key, string? value, string? metadataNamespace = null) => Describe(key, XRayValue.FromString(value), metadataNamespace);

    /// <summary>Adds numeric metadata.</summary>
    /// <param name="key">The key.</param>
    /// <param name="value">The value.</param>
    /// <param name="metadataNamespace">The namespace; the service name when null.</param>
    /// <returns>This span.</returns>
    public TraceSpan AddMetadata(string key, double value, string? metadataNamespace = null) => Describe(key, XRayValue.FromDouble(value), metadataNamespace);

    /// <summary>Adds boolean metadata.</summary>
    /// <param name="key">The key.</param>
    /// <param name="value">The value.</param>
    /// <param name="metadataNamespace">The namespace; the service name when null.</param>
    /// <returns>This span.</returns>
    public TraceSpan AddMetadata(string key, bool value, string? metadataNamespace = null) => Describe(key, XRayValue.FromBoolean(value), metadataNamespace);

    /// <summary>Adds an object as metadata, serialised now with source-generated JSON metadata (AOT-safe).</summary>
    /// <typeparam name="T">The value type.</typeparam>
    /// <param name="key">The key.</param>
    /// <param name="value">The value.</param>
    /// <param name="typeInfo">Its JSON type information (from a <c>JsonSerializerContext</c>).</param>
    /// <param name="metadataNamespace">The namespace; the service name when null.</param>
    /// <returns>This span.</returns>
    public TraceSpan AddMetadata<T>(string key, T value, JsonTypeInfo<T> typeInfo, string? metadataNamespace = null)
    {
        if (!IsRecording || typeInfo is null)
        {
            return this;
        }

        try
        {
            return Describe(key, XRayValue.FromJson(JsonSerializer.SerializeToUtf8Bytes(value, typeInfo)), metadataNamespace);
        }
        catch (Exception ex) when (ex is JsonException or NotSupportedException or InvalidOperationException)
        {
            return Describe(key, XRayValue.FromString("unserialisable: " + ex.GetType().Name), metadataNamespace);
        }
    }

    /// <summary>Records the handler's response as metadata <c>"{name} response"</c>, unless <c>POWERTOOLS_TRACER_CAPTURE_RESPONSE=false</c>.</summary>
    /// <typeparam name="T">The response type.</typeparam>
    /// <param name="response">The response.</param>
    /// <param name="typeInfo">Its JSON type information.</param>
    /// <returns>This span.</returns>
    public TraceSpan CaptureResponse<T>(T response, JsonTypeInfo<T> typeInfo) =>
        _tracer?.CaptureResponse == true && Activity is { } activity ? AddMetadata(activity.DisplayName + " response", response, typeInfo) : this;

    /// <summary>Records a text response as metadata <c>"{name} response"</c>, unless <c>POWERTOOLS_TRACER_CAPTURE_RESPONSE=false</c>.</summary>
    /// <param name="response">The response.</param>
    /// <returns>This span.</returns>
    public TraceSpan CaptureResponse(string? response) =>
        _tracer?.CaptureResponse == true && Activity is { } activity ? AddMetadata(activity.DisplayName + " response", response) : this;

    /// <summary>
    /// Marks the span as failed (X-Ray <c>fault</c>) and, unless <c>POWERTOOLS_TRACER_CAPTURE_ERROR=false</c>, records the exception
    /// as the <c>cause</c> with its stack frames.
    /// </summary>
    /// <param name="exception">The exception.</param>
    /// <returns>This span.</returns>
    public TraceSpan CaptureError(Exception exception)
    {
        if (Activity is not { } activity || exception is null || !activity.IsAllDataRequested)
        {
            return this;
        }

        activity.SetStatus(ActivityStatusCode.Error, _tracer?.CaptureError == true ? exception.Message : null);
        if (_tracer?.CaptureError == true)
        {
            RecordException(activity, exception);
        }

        return this;
    }

    /// <summary>Ends the span.</summary>
    public void Dispose() => Activity?.Stop();

    /// <inheritdoc />
    public bool Equals(TraceSpan other) => ReferenceEquals(Activity, other.Activity);

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is TraceSpan other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => Activity?.GetHashCode() ?? 0;

    /// <summary>Whether two spans wrap the same activity.</summary>
    /// <param name="left">A span.</param>
    /// <param name="right">Another span.</param>
    /// <returns>True when equal.</returns>
    public static bool operator ==(TraceSpan left, TraceSpan right) => left.Equals(right);

    /// <summary>Whether two spans wrap different activities.</summary>
    /// <param name="left">A span.</param>
    /// <param name="right">Another span.</param>
    /// <returns>True when different.</returns>
    public static bool operator !=(TraceSpan left, TraceSpan right) => !left.Equals(right);

    /// <summary>Adds the OpenTelemetry <c>exception</c> event (type, message, stack trace), which becomes the X-Ray <c>cause</c>.</summary>
    internal static void RecordException(Activity activity, Exception exception)
    {
        activity.AddEvent(new ActivityEvent("exception", tags: new ActivityTagsCollection
        {
            { "exception.type", exception.GetType().FullName },
            { "exception.message", exception.Message },
            { "exception.stacktrace", exception.ToString() },
        }));
    }

    private TraceSpan Annotate(string key, XRayValue value)
    {
        if (IsRecording && key is not null)
        {
            SpanExtras.GetOrCreate(Activity!).AddAnnotation(key, value);
        }

        return this;
    }

    private TraceSpan Describe(string key, XRayValue value, string? metadataNamespace)
    {
        if (IsRecording && key is not null)
        {
            SpanExtras.GetOrCreate(Activity!).AddMetadata(metadataNamespace ?? _tracer?.DefaultMetadataNamespace ?? "default", key, value);
        }

        return this;
    }
}
