using System.Diagnostics;
using MatCarv.Observability.Context;
using MatCarv.Observability.Tracing.Sampling;

namespace MatCarv.Observability.Tracing.Propagation;

/// <summary>
/// A <see cref="DistributedContextPropagator"/> that speaks both W3C (<c>traceparent</c>, through the wrapped propagator) and
/// X-Ray (<c>X-Amzn-Trace-Id</c>). HttpClient's diagnostics handler and ASP.NET Core hosting use
/// <see cref="DistributedContextPropagator.Current"/> (ASP.NET Core: the one in the service collection), so outgoing calls
/// carry both headers and incoming requests continue either. <c>Lineage</c> (Lambda recursive-loop detection) of the current
/// invocation is forwarded unchanged.
/// </summary>
internal sealed class XRayPropagator : DistributedContextPropagator
{
    public const string HeaderName = "X-Amzn-Trace-Id";

    private readonly TracingSettings _settings;
    private DistributedContextPropagator _inner;
    private DistributedContextPropagator? _replaced;

    public XRayPropagator(TracingSettings settings, DistributedContextPropagator? inner = null)
    {
        _settings = settings;
        _inner = inner is XRayPropagator nested ? nested._inner : inner ?? CreateDefaultPropagator();
    }

    public override IReadOnlyCollection<string> Fields => [.. _inner.Fields, HeaderName];

    private bool Active => _settings.Enabled && _settings.PropagateXRayHeader;

    /// <summary>Makes this the process-wide propagator, wrapping the one in place.</summary>
    public void InstallAsCurrent()
    {
        var current = Current;
        if (current is XRayPropagator)
        {
            return;
        }

        _replaced = current;
        _inner = current;
        Current = this;
    }

    /// <summary>Puts back the propagator replaced by <see cref="InstallAsCurrent"/>, if this one is still in place.</summary>
    public void UninstallIfCurrent()
    {
        if (ReferenceEquals(Current, this) && _replaced is not null)
        {
            Current = _replaced;
        }
    }

    public override void Inject(Activity? activity, object? carrier, PropagatorSetterCallback? setter)
    {
        _inner.Inject(activity, carrier, setter);
        if (!Active || activity is null || setter is null || activity.IdFormat != ActivityIdFormat.W3C)
        {
            return;
        }

        // Re-entrant handlers must not add the header twice (aws-xray-sdk-dotnet PR #40: a doubled header is unparseable).
        if (carrier is HttpRequestMessage request && request.Headers.Contains(HeaderName))
        {
            return;
        }

        setter(carrier, HeaderName, Format(activity, _settings.SamplingMode));
    }

    /// <summary>
    /// The X-Ray header for calls made inside <paramref name="activity"/>: its trace, itself as parent, the X-Ray decision (ours
    /// from the trace state, not <see cref="Activity.Recorded"/>, which another tracer may have set), the invocation's lineage.
    /// </summary>
    public static string Format(Activity activity, XRaySamplingMode mode)
    {
        var lineage = InvocationContext.Current?.TraceHeader?.Lineage;
        var root = XRayTraceId.Format(activity.TraceId);
        var parent = activity.SpanId.ToHexString();
        var sampled = (mode == XRaySamplingMode.OwnRules ? TraceStateDecision.IsSampled(activity) : activity.Recorded) ? '1' : '0';
        return lineage is null
            ? string.Concat("Root=", root, ";Parent=", parent, ";Sampled=", sampled.ToString())
            : string.Concat("Root=", root, ";Parent=", parent, ";Sampled=", sampled.ToString()) + ";Lineage=" + lineage;
    }

    public override void ExtractTraceIdAndState(object? carrier, PropagatorGetterCallback? getter, out string? traceId, out string? traceState)
    {
        _inner.ExtractTraceIdAndState(carrier, getter, out traceId, out traceState);
        if (!Active || getter is null || (traceId is not null && ActivityContext.TryParse(traceId, null, out _)))
        {
            return;
        }

        // No usable W3C parent: the default propagator hands over the traceparent header as is, valid or not, and the runtime
        // would then start a new trace although a valid X-Ray header arrived in the same request (an ALB or API Gateway adds
        // one to whatever the client sent). The X-Ray header stands in, as in OpenTelemetry's composite propagator, where
        // an invalid traceparent extracts nothing and the X-Ray propagator runs next. With it goes the tracestate, which W3C
        // Trace Context says to discard with an invalid traceparent.
        getter(carrier, HeaderName, out var value, out var values);
        value ??= values?.FirstOrDefault();
        if (XRayTraceHeader.TryParse(value, out var header) && ToTraceParent(header, _settings) is { } fromXRay)
        {
            traceId = fromXRay;
            traceState = null;
        }
    }

    public override IEnumerable<KeyValuePair<string, string?>>? ExtractBaggage(object? carrier, PropagatorGetterCallback? getter) =>
        _inner.ExtractBaggage(carrier, getter);

    /// <summary>
    /// The W3C <c>traceparent</c> equivalent of an X-Ray header (same 128-bit trace id, Parent as parent span). A deferred
    /// decision (<c>Sampled=?</c> or none) is taken here with the local sampling rules.
    /// </summary>
    public static string? ToTraceParent(XRayTraceHeader header, TracingSettings settings)
    {
        if (header.Parent is null)
        {
            return null;
        }

        var traceId = header.ToActivityTraceId().ToHexString();
        bool sampled = header.Sampled ?? (!settings.IsLambda && settings.Sampler.ShouldSample(default));
        return string.Concat("00-", traceId, "-", header.Parent, sampled ? "-01" : "-00");
    }
}
