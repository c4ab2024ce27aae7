using System.Diagnostics;
using MatCarv.Observability.Tracing.Propagation;

namespace MatCarv.Observability.Tracing;

/// <summary>
/// Starts spans that become X-Ray subsegments: <c>using var span = tracer.StartSpan("charge-card");</c>. Resolve it from the
/// service provider (<c>MatCarvLambda.Services</c> in a function). Spans are ordinary <see cref="Activity"/> objects of
/// <see cref="Source"/>, so OpenTelemetry and logs see them too.
/// </summary>
public sealed class MatCarvTracer : IDisposable
{
    /// <summary>The name of the SDK's <see cref="ActivitySource"/>.</summary>
    public const string SourceName = "MatCarv.Observability";

    private readonly TracingSettings _settings;

    internal MatCarvTracer(TracingSettings settings)
    {
        _settings = settings;
        Source = new ActivitySource(SourceName, typeof(MatCarvTracer).Assembly.GetName().Version?.ToString(3));
    }

    /// <summary>The activity source of spans started here (exported by this tracer's pipeline).</summary>
    public ActivitySource Source { get; }

    internal bool CaptureResponse => _settings.CaptureResponse;

    internal bool CaptureError => _settings.CaptureError;

    internal string DefaultMetadataNamespace => _settings.Runtime.Identity.Name;

    /// <summary>Starts a span as a child of <see cref="Activity.Current"/> (or a new trace). Dispose it to end it.</summary>
    /// <param name="name">The span (subsegment) name.</param>
    /// <param name="kind">The activity kind; <see cref="ActivityKind.Client"/> marks a call to a remote service.</param>
    /// <returns>The span; a no-op span when tracing is disabled or the trace is not sampled.</returns>
    public TraceSpan StartSpan(string name, ActivityKind kind = ActivityKind.Internal) => new(Source.StartActivity(name, kind), this);

    /// <summary>
    /// Starts a span that continues an incoming X-Ray trace (for example the <c>AWSTraceHeader</c> attribute of an SQS message,
    /// or an <c>X-Amzn-Trace-Id</c> header read by hand). A deferred sampling decision is taken with the local rules.
    /// </summary>
    /// <param name="name">The span name.</param>
    /// <param name="parent">The incoming header; when null, the span starts under <see cref="Activity.Current"/>.</param>
    /// <param name="kind">The activity kind (default <see cref="ActivityKind.Server"/>, since it receives work).</param>
    /// <returns>The span.</returns>
    public TraceSpan StartSpan(string name, XRayTraceHeader? parent, ActivityKind kind = ActivityKind.Server)
    {
        if (parent is null)
        {
            return StartSpan(name, kind);
        }

        var sampled = parent.Sampled ?? (!_settings.IsLambda && _settings.Sampler.ShouldSample(default));
        var parentId = parent.Parent is { } id ? ActivitySpanId.CreateFromString(id) : ActivitySpanId.CreateRandom();
        var context = new ActivityContext(parent.ToActivityTraceId(), parentId, sampled ? ActivityTraceFlags.Recorded : ActivityTraceFlags.None, isRemote: true);
        return new TraceSpan(Source.StartActivity(name, kind, context), this);
    }

    /// <summary>Runs <paramref name="body"/> inside a span that ends when the returned task completes (awaited, never blocked on); an exception is recorded and rethrown.</summary>
    /// <typeparam name="T">The result type.</typeparam>
    /// <param name="name">The span name.</param>
    /// <param name="body">The work.</param>
    /// <returns>The work's result.</returns>
    public async Task<T> TraceAsync<T>(string name, Func<TraceSpan, Task<T>> body)
    {
        ArgumentNullException.ThrowIfNull(body);
        using var span = StartSpan(name);
        try
        {
            return await body(span).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            span.CaptureError(ex);
            throw;
        }
    }

    /// <summary>Runs <paramref name="body"/> inside a span that ends when the returned task completes; an exception is recorded and rethrown.</summary>
    /// <param name="name">The span name.</param>
    /// <param name="body">The work.</param>
    /// <returns>A task that completes with the work.</returns>
    public async Task TraceAsync(string name, Func<TraceSpan, Task> body)
    {
        ArgumentNullException.ThrowIfNull(body);
        using var span = StartSpan(name);
        try
        {
            await body(span).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            span.CaptureError(ex);
            throw;
        }
    }

    /// <inheritdoc />
    public void Dispose() => Source.Dispose();
}
