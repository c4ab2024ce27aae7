using System.Diagnostics;
using MatCarv.Observability.Context;

namespace MatCarv.Observability.Tracing.Sampling;

/// <summary>
/// The <see cref="ActivityListener.Sample"/> callback of the X-Ray pipeline. Under <see cref="XRaySamplingMode.OwnRules"/> it
/// decides once per trace and process, writes the decision into the trace state (<see cref="TraceStateDecision"/>) so that
/// the exporter can tell our decision from the union of every listener's, and votes accordingly (recorded when sampled, so
/// the W3C sampled flag keeps its meaning when no other tracer runs). The decision is taken:
/// <list type="bullet">
/// <item>for a root, by the rules (centralized, then local);</item>
/// <item>for a child of a remote parent, from the parent's <c>matcarv</c> entry if an upstream service wrote one, else from
/// its sampled flag (<c>traceparent</c>, or <c>X-Amzn-Trace-Id</c>'s <c>Sampled=</c>);</item>
/// <item>for a child of an in-process parent, inherited; a parent without our entry (started by a source this pipeline does
/// not listen to) is decided by the rules when it is a root, by its sampled flag otherwise, and the entry is written on that
/// parent too so that its other children agree.</item>
/// </list>
/// Under <see cref="XRaySamplingMode.FollowRecorded"/> it never asks for recording: other listeners' samplers decide.
/// </summary>
internal sealed class XRaySampler
{
    private readonly TracingSettings _settings;
    private readonly CentralizedSampler? _central;
    private readonly bool _ownRules;

    public XRaySampler(TracingSettings settings, CentralizedSampler? central)
    {
        _settings = settings;
        _central = central;
        _ownRules = settings.SamplingMode == XRaySamplingMode.OwnRules;
    }

    public ActivitySamplingResult Sample(ref ActivityCreationOptions<ActivityContext> options)
    {
        if ((_central is not null && CentralizedSampler.IsSuppressed) || SelfTracingSuppression.IsActive)
        {
            // The SDK's own calls (sampling rules, OTLP export, metadata) are never traced.
            return ActivitySamplingResult.None;
        }

        var parent = options.Parent;
        if (!_ownRules)
        {
            return ActivitySamplingResult.PropagationData;
        }

        bool sampled;
        if (parent == default)
        {
            sampled = DecideRoot(options);
        }
        else if (TraceStateDecision.Read(parent.TraceState) is { } inherited)
        {
            if (!parent.IsRemote)
            {
                // The common case: the runtime already copied the parent's trace state to this child.
                return inherited ? ActivitySamplingResult.AllDataAndRecorded : ActivitySamplingResult.PropagationData;
            }

            sampled = inherited;
        }
        else if (parent.IsRemote)
        {
            sampled = (parent.TraceFlags & ActivityTraceFlags.Recorded) != 0;
        }
        else
        {
            sampled = DecideForeignParent(options);
        }

        var traceState = TraceStateDecision.With(parent.TraceState, sampled);
        if (!ReferenceEquals(traceState, options.TraceState))
        {
            options = options with { TraceState = traceState };
        }

        return sampled ? ActivitySamplingResult.AllDataAndRecorded : ActivitySamplingResult.PropagationData;
    }

    /// <summary>Whether the X-Ray pipeline exports <paramref name="activity"/> (and writes <c>Sampled=1</c> for calls made inside it).</summary>
    public bool IsSampled(Activity activity) => _ownRules ? TraceStateDecision.IsSampled(activity) : activity.Recorded;

    private bool DecideRoot(in ActivityCreationOptions<ActivityContext> options)
    {
        // Lambda decides sampling for the invocation; a trace started outside an invocation's trace can never be sent.
        if (_settings.IsLambda || (_settings.InvocationsInProgress && InvocationContext.Current?.IsLambda == true))
        {
            return false;
        }

        if (_central?.ShouldSample(options) is { } decision)
        {
            return decision;
        }

        return _settings.Sampler.ShouldSample(options);
    }

    private bool DecideForeignParent(in ActivityCreationOptions<ActivityContext> options)
    {
        var parent = options.Parent;
        var current = Activity.Current;
        if (current is null || current.SpanId != parent.SpanId)
        {
            // Started under an explicit context we cannot reach: follow its flag.
            return (parent.TraceFlags & ActivityTraceFlags.Recorded) != 0;
        }

        bool sampled = current.ParentSpanId == default
            ? DecideRoot(options)
            : (parent.TraceFlags & ActivityTraceFlags.Recorded) != 0;
        current.TraceStateString = TraceStateDecision.With(current.TraceStateString, sampled);
        return sampled;
    }
}
