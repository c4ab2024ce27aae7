using System.Diagnostics;
using MatCarv.Observability.Context;
using MatCarv.Observability.Tracing.Export;

namespace MatCarv.Observability.Tracing.Lambda;

/// <summary>
/// Lambda: opens the handler's subsegment (<c>## handler</c>, parented to the invocation's <c>Parent=</c>, annotated with
/// <c>ColdStart</c> and <c>Service</c> as Powertools does) when an invocation starts and closes it, with the error if any, when
/// it ends. <c>BeginInvocation</c> runs synchronously on the handler's async flow, so the <see cref="Activity.Current"/> set
/// here is the one the handler sees; the previous one is put back at the end.
/// </summary>
internal sealed class TracingInvocationListener : IInvocationListener
{
    private readonly TracingSettings _settings;
    private readonly MatCarvTracer _tracer;

    public TracingInvocationListener(TracingSettings settings, MatCarvTracer tracer)
    {
        _settings = settings;
        _tracer = tracer;
    }

    public void OnInvocationStarted(InvocationContext invocation)
    {
        if (!_settings.Enabled)
        {
            return;
        }

        _settings.InvocationStarted();
        var previous = Activity.Current;
        var header = invocation.TraceHeader;
        ActivityContext parent = default;
        if (header is not null)
        {
            // Without Parent= nothing can be sent (there is no facade to attach to), but the trace id still flows to logs.
            var parentId = header.Parent is { } id ? ActivitySpanId.CreateFromString(id) : ActivitySpanId.CreateRandom();
            var flags = header.Sampled == true && header.Parent is not null ? ActivityTraceFlags.Recorded : ActivityTraceFlags.None;
            parent = new ActivityContext(header.ToActivityTraceId(), parentId, flags, isRemote: true);
        }

        // Parent must be the facade, not whatever Activity.Current is (a previous invocation's leftover).
        Activity.Current = null;
        var span = parent == default
            ? _tracer.Source.StartActivity("## " + _settings.HandlerName, ActivityKind.Server)
            : _tracer.Source.StartActivity("## " + _settings.HandlerName, ActivityKind.Server, parent);
        if (span is null)
        {
            Activity.Current = previous;
            return;
        }

        if (span.Recorded)
        {
            var extras = SpanExtras.GetOrCreate(span);
            extras.IsLambdaInvocation = true;
            extras.AddAnnotation("ColdStart", XRayValue.FromBoolean(invocation.IsColdStart));
            if (_settings.Runtime.Identity.IsDefined)
            {
                extras.AddAnnotation("Service", XRayValue.FromString(_settings.Runtime.Identity.Name));
            }
        }

        invocation.SpanPrevious = previous;
        Volatile.Write(ref invocation.OpenSpan, span);
    }

    public void OnInvocationEnded(InvocationContext invocation, Exception? error)
    {
        if (_settings.Enabled)
        {
            _settings.InvocationEnded();
        }

        if (Interlocked.Exchange(ref invocation.OpenSpan, null) is not { } span)
        {
            return;
        }

        if (error is not null && span.IsAllDataRequested)
        {
            span.SetStatus(ActivityStatusCode.Error, _settings.CaptureError ? error.Message : null);
            if (_settings.CaptureError)
            {
                TraceSpan.RecordException(span, error);
            }
        }

        span.Stop();
        Activity.Current = invocation.SpanPrevious;
        invocation.SpanPrevious = null;
    }
}
