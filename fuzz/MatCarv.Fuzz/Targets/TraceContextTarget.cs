using System.Diagnostics;
using MatCarv.Observability.Lambda;
using MatCarv.Observability.Tracing.Propagation;
using Microsoft.Extensions.DependencyInjection;

namespace MatCarv.Fuzz.Targets;

/// <summary>
/// Incoming <c>traceparent</c>, <c>tracestate</c> and <c>X-Amzn-Trace-Id</c> (fields 0–2) through the SDK's propagator, the
/// runtime's parser and the SDK's sampler into a server span, then out on an outgoing call: never an exception, and the
/// outgoing headers are valid and carry the span's trace.
/// </summary>
public sealed class TraceContextTarget : IFuzzTarget
{
    private const string XRayHeaderName = "X-Amzn-Trace-Id";

    private static readonly DistributedContextPropagator.PropagatorGetterCallback Getter = static (object? carrier, string name, out string? value, out IEnumerable<string>? values) =>
    {
        values = null;
        value = ((Dictionary<string, string>)carrier!).GetValueOrDefault(name);
    };

    private static readonly DistributedContextPropagator.PropagatorSetterCallback Setter = static (carrier, name, value) => ((Dictionary<string, string>)carrier!)[name] = value;

    private readonly Lazy<(MatCarvLambda Lambda, DistributedContextPropagator Propagator)> _sdk = new(() =>
    {
        var lambda = MatCarvLambda.Create(
            o =>
            {
                // Port 9 (discard): datagrams go nowhere, which is all a fuzz run needs.
                o.EnvironmentVariables = new Dictionary<string, string?> { ["POWERTOOLS_SERVICE_NAME"] = "fuzz", ["AWS_XRAY_DAEMON_ADDRESS"] = "127.0.0.1:9" };
                o.Output = Stream.Null;
            },
            b => b.WithTracing(t => t.SamplingRate = 1));
        return (lambda, lambda.Services.GetRequiredService<DistributedContextPropagator>());
    });

    public string Name => "trace-context";

    public void Run(ReadOnlySpan<byte> data)
    {
        var fields = FuzzInput.Fields(data);
        var (lambda, propagator) = _sdk.Value;
        var carrier = new Dictionary<string, string>();
        string[] names = ["traceparent", "tracestate", XRayHeaderName];
        for (int i = 0; i < names.Length; i++)
        {
            if (FuzzInput.Field(fields, i) is { } value)
            {
                carrier[names[i]] = value;
            }
        }

        propagator.ExtractTraceIdAndState(carrier, Getter, out var traceId, out var traceState);
        bool continued = ActivityContext.TryParse(traceId, traceState, isRemote: true, out var parent);
        using var activity = lambda.Tracer.Source.StartActivity("incoming", ActivityKind.Server, continued ? parent : default);
        if (activity is null)
        {
            return;
        }

        FuzzFindingException.Check(!continued || activity.TraceId == parent.TraceId, "the span left the incoming trace");
        var outgoing = new Dictionary<string, string>();
        propagator.Inject(activity, outgoing, Setter);
        FuzzFindingException.Check(
            outgoing.TryGetValue("traceparent", out var sent) && ActivityContext.TryParse(sent, outgoing.GetValueOrDefault("tracestate"), out var sentContext) && sentContext.TraceId == activity.TraceId,
            "outgoing traceparent invalid: " + sent);
        FuzzFindingException.Check(
            outgoing.TryGetValue(XRayHeaderName, out var xray) && XRayTraceHeader.TryParse(xray, out var header) && header.Root == XRayTraceId.Format(activity.TraceId),
            "outgoing X-Amzn-Trace-Id invalid: " + xray);
    }
}
