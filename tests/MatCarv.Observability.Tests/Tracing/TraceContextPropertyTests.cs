using System.Diagnostics;
using CsCheck;
using MatCarv.Observability.Lambda;
using MatCarv.Observability.Tests.Tracing.Support;
using MatCarv.Observability.Tracing.Propagation;
using MatCarv.Observability.Tracing.Sampling;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace MatCarv.Observability.Tests.Tracing;

/// <summary>
/// Incoming trace context is outside input: <c>traceparent</c>, <c>tracestate</c> and <c>X-Amzn-Trace-Id</c> headers of any
/// content go through the SDK's propagator, the runtime's parser and our sampler into a span, and out again on an outgoing
/// call. Outcome rule (issue 10): a valid context continued, or a documented rejection (a new trace) — never an exception,
/// never an invalid outgoing header. Iterations are set explicitly so the suite stays at a few seconds.
/// </summary>
public sealed class TraceContextPropertyTests
{
    private const string Hex = "0123456789abcdef";
    private const string HexAnyCase = "0123456789abcdefABCDEF";

    private static readonly Gen<string> Hex32 = Gen.String[Gen.Char[Hex], 32, 32];
    private static readonly Gen<string> Hex16 = Gen.String[Gen.Char[Hex], 16, 16];

    /// <summary>W3C traceparent values: valid ones (ids may be all zeros, flags anything) and broken ones of every kind.</summary>
    private static readonly Gen<string> TraceParent = Gen.OneOf(
        Gen.Select(Hex32, Hex16, Gen.String[Gen.Char[Hex], 2, 2], (t, s, f) => $"00-{t}-{s}-{f}"),
        Gen.Select(Hex32, Hex16, (t, s) => $"00-{t}-{s}-01"),
        Gen.Select(Gen.String[Gen.Char[HexAnyCase], 32, 32], Gen.String[Gen.Char[HexAnyCase], 16, 16], (t, s) => $"00-{t}-{s}-01"),
        Gen.Select(Gen.String[Gen.Char[Hex], 2, 2], Hex32, Hex16, Gen.String[Gen.Char["-0123456789abcdefxyz "], 0, 12], (v, t, s, tail) => $"{v}-{t}-{s}-01{tail}"),
        Gen.Const("00-00000000000000000000000000000000-53995c3f42cd8ad8-01"),
        Gen.Const("00-5759e988bd862e3fe1be46a994272793-0000000000000000-01"),
        Gen.Select(Gen.String[Gen.Char["0123456789abcdef- \t"], 0, 70], Gen.String, (a, b) => a + b),
        Gen.String);

    /// <summary>W3C tracestate values: lists of our entry (valid or not), other vendors' entries, empties and garbage.</summary>
    private static readonly Gen<string> TraceState = Gen.OneOf(
        Gen.OneOf(
            Gen.Const("matcarv=s:1"), Gen.Const("matcarv=s:0"), Gen.Const("matcarv=s:2"), Gen.Const("matcarv="), Gen.Const("matcarv"),
            Gen.Const(" matcarv = s:1 "), Gen.Const("rojo=00f067aa0ba902b7"), Gen.Const("congo@t61=rcWkgMzE"), Gen.Const(""), Gen.Const(" \t"),
            Gen.String[Gen.Char["abc=,:@ \t"], 0, 10], Gen.String[Gen.Char, 0, 10])
            .Array[0, 40].Select(members => string.Join(',', members)),
        Gen.String,
        Gen.String[Gen.Char['a', 'z'], 600, 5000]);

    /// <summary>X-Ray headers: structured (parts in any order, all-zero ids, broken values) and arbitrary text.</summary>
    private static readonly Gen<string> XRayHeader = Gen.OneOf(
        Gen.Select(
            Gen.OneOf(Hex32.Select(h => "1-" + h[..8] + "-" + h[8..]), Gen.Const("1-00000000-000000000000000000000000"), Gen.String[Gen.Char["1-0123456789abcdefABCDEF"], 30, 37]),
            Gen.OneOf(Hex16, Gen.Const("0000000000000000"), Gen.String[Gen.Char[HexAnyCase], 15, 17]).Null(),
            Gen.OneOf(Gen.Const("1"), Gen.Const("0"), Gen.Const("?"), Gen.String[Gen.Char, 0, 3]).Null(),
            Gen.String[Gen.Char, 0, 20].Null(),
            (root, parent, sampled, lineage) =>
                "Root=" + root + (parent is null ? "" : ";Parent=" + parent) + (sampled is null ? "" : ";Sampled=" + sampled) + (lineage is null ? "" : ";Lineage=" + lineage)),
        Gen.String);

    private static readonly DistributedContextPropagator.PropagatorGetterCallback Getter = static (object? carrier, string name, out string? value, out IEnumerable<string>? values) =>
    {
        values = null;
        value = ((Dictionary<string, string>)carrier!).TryGetValue(name, out var v) ? v : null;
    };

    private static readonly DistributedContextPropagator.PropagatorSetterCallback Setter = static (carrier, name, value) => ((Dictionary<string, string>)carrier!)[name] = value;

    [Fact]
    public async Task Any_incoming_trace_headers_continue_a_valid_trace_or_start_a_new_one_and_outgoing_headers_are_valid()
    {
        await using var harness = new TracingHarness();
        var propagator = harness.Services.GetRequiredService<DistributedContextPropagator>();
        var incoming = Gen.Select(TraceParent.Null(), TraceState.Null(), XRayHeader.Null(), Gen.String.Null());
        incoming.Sample((traceparent, tracestate, xray, baggage) =>
        {
            var carrier = new Dictionary<string, string>();
            Add(carrier, "traceparent", traceparent);
            Add(carrier, "tracestate", tracestate);
            Add(carrier, XRayPropagator.HeaderName, xray);
            Add(carrier, "baggage", baggage);

            propagator.ExtractTraceIdAndState(carrier, Getter, out var traceId, out var traceState);
            _ = propagator.ExtractBaggage(carrier, Getter)?.ToList();
            bool continued = ActivityContext.TryParse(traceId, traceState, isRemote: true, out var parent);

            // What the runtime accepts is what the headers said: a valid W3C header wins, the X-Ray header stands in for a
            // missing or invalid one.
            if (traceparent is not null && ActivityContext.TryParse(traceparent, null, out var w3c))
            {
                Assert.True(continued);
                Assert.Equal(w3c.TraceId, parent.TraceId);
                Assert.Equal(w3c.SpanId, parent.SpanId);
            }
            else if (XRayTraceHeader.TryParse(xray, out var header) && header.Parent is not null)
            {
                Assert.True(continued, xray);
                Assert.Equal(header.ToActivityTraceId(), parent.TraceId);
                Assert.Equal(header.Parent, parent.SpanId.ToHexString());
            }

            using var activity = harness.Source.StartActivity("incoming", ActivityKind.Server, continued ? parent : default);
            Assert.NotNull(activity);
            if (continued)
            {
                Assert.Equal(parent.TraceId, activity.TraceId);
            }

            var outgoing = new Dictionary<string, string>();
            propagator.Inject(activity, outgoing, Setter);
            Assert.True(ActivityContext.TryParse(outgoing["traceparent"], outgoing.GetValueOrDefault("tracestate"), out var sent));
            Assert.Equal(activity.TraceId, sent.TraceId);
            Assert.True(XRayTraceHeader.TryParse(outgoing[XRayPropagator.HeaderName], out var sentXRay), outgoing[XRayPropagator.HeaderName]);
            Assert.Equal(XRayTraceId.Format(activity.TraceId), sentXRay.Root);
            Assert.Equal(activity.SpanId.ToHexString(), sentXRay.Parent);

            // Our decision travels first in tracestate, within W3C's 32 list members.
            var members = activity.TraceStateString!.Split(',');
            Assert.StartsWith(TraceStateDecision.Key + "=", members[0], StringComparison.Ordinal);
            Assert.True(members.Length <= TraceStateDecision.MaxMembers);
        }, iter: 2000);

        await harness.FlushAsync();
        XRaySchema.AssertDatagrams(harness.Collector.Received);
    }

    [Fact]
    public void Valid_XRay_headers_map_to_the_W3C_context_with_the_same_bits_and_back()
    {
        var gen = Gen.Select(Hex32, Hex16, Gen.OneOf<bool?>(true, false, null), (t, p, s) => (Root: "1-" + t[..8] + "-" + t[8..], Parent: p, Sampled: s));
        gen.Where(h => h.Root != "1-00000000-000000000000000000000000" && h.Parent != "0000000000000000").Sample(h =>
        {
            var header = XRayTraceHeader.Create(h.Root, h.Parent, h.Sampled);
            Assert.True(XRayTraceHeader.TryParse(header.ToString(), out var parsed));
            Assert.Equal(header.ToString(), parsed.ToString());
            Assert.True(ActivityContext.TryParse($"00-{parsed.ToActivityTraceId().ToHexString()}-{parsed.Parent}-01", null, out var context));
            Assert.Equal(h.Root, XRayTraceId.Format(context.TraceId));
            Assert.Equal(h.Parent, context.SpanId.ToHexString());
        }, iter: 1000);
    }

    [Fact]
    public void Any_tracestate_keeps_our_decision_first_and_readable_within_32_members()
    {
        Gen.Select(TraceState.Null(), Gen.Bool).Sample((state, sampled) =>
        {
            _ = TraceStateDecision.Read(state);
            var written = TraceStateDecision.With(state, sampled);
            Assert.Equal(sampled, TraceStateDecision.Read(written));
            var members = written.Split(',');
            Assert.Equal(sampled ? TraceStateDecision.Sampled : TraceStateDecision.NotSampled, members[0]);
            Assert.True(members.Length <= TraceStateDecision.MaxMembers);
            Assert.Single(members, m => m.Trim(' ', '\t').StartsWith(TraceStateDecision.Key + "=", StringComparison.Ordinal));
        }, iter: 2000);
    }

    [Fact]
    public async Task Any_XAmznTraceId_environment_value_continues_its_trace_or_is_counted_as_invalid()
    {
        // Lambda's runtime sets _X_AMZN_TRACE_ID per invocation; the SDK reads it when the invocation carries no header.
        using var collector = new UdpCollector();
        var output = new MemoryStream();
        var environment = new Dictionary<string, string?>
        {
            ["AWS_LAMBDA_FUNCTION_NAME"] = "fn",
            ["AWS_XRAY_DAEMON_ADDRESS"] = collector.Address,
            ["POWERTOOLS_METRICS_DISABLED"] = "true",
        };
        await using var lambda = MatCarvLambda.Create(
            o =>
            {
                o.EnvironmentVariables = environment;
                o.Output = output;
                o.OutputFlushInterval = TimeSpan.FromHours(1);
            },
            b => b.WithLogging().WithTracing());
        var logger = lambda.LoggerFactory.CreateLogger("fuzz");
        int invocation = 0;
        XRayHeader.Sample(value =>
        {
            environment["_X_AMZN_TRACE_ID"] = value;
            var invalidBefore = lambda.GetDiagnostics().GetDropCount("invocation", "trace_header_invalid");
            var requestId = "req-" + Interlocked.Increment(ref invocation).ToString(System.Globalization.CultureInfo.InvariantCulture);
            output.SetLength(0);
            var traceId = lambda.RunAsync(new LambdaInvocation(requestId), _ =>
            {
                logger.LogInformation("handled");
                return Task.FromResult(Activity.Current?.TraceId);
            }).GetAwaiter().GetResult();
            Assert.True(lambda.FlushAsync(TimeSpan.FromSeconds(5)).AsTask().GetAwaiter().GetResult());

            var line = Assert.Single(System.Text.Encoding.UTF8.GetString(output.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries), l => l.Contains(requestId, StringComparison.Ordinal));
            var json = Logging.LogHarness.Parse(line);
            var written = json.TryGetProperty("xray_trace_id", out var x) ? x.GetString() : null;
            if (string.IsNullOrWhiteSpace(value))
            {
                return;
            }

            if (XRayTraceHeader.TryParse(value.Trim(), out var header))
            {
                Assert.Equal(header.Root, written);
                Assert.Equal(header.ToActivityTraceId(), traceId);
            }
            else
            {
                // Documented rejection: counted, and the invocation runs in a trace of its own.
                Assert.Equal(invalidBefore + 1, lambda.GetDiagnostics().GetDropCount("invocation", "trace_header_invalid"));
                Assert.True(written is null || XRayTraceId.IsValid(written));
            }
        }, iter: 300, threads: 1);
    }

    // Found by Any_incoming_trace_headers…: an X-Ray root or parent of all zeros passed the X-Ray syntax check, but W3C ids
    // of all zeros are invalid and ActivityTraceId/ActivitySpanId.CreateFromString threw ArgumentOutOfRangeException into
    // the request (the propagator) and into the Lambda invocation.
    [Theory]
    [InlineData("Root=1-00000000-000000000000000000000000;Parent=53995c3f42cd8ad8;Sampled=1")]
    [InlineData("Root=1-5759e988-bd862e3fe1be46a994272793;Parent=0000000000000000;Sampled=1")]
    public async Task An_all_zero_root_or_parent_is_rejected_not_thrown(string value)
    {
        await using var harness = new TracingHarness();
        var propagator = harness.Services.GetRequiredService<DistributedContextPropagator>();
        var carrier = new Dictionary<string, string> { [XRayPropagator.HeaderName] = value };
        propagator.ExtractTraceIdAndState(carrier, Getter, out var traceId, out _);
        Assert.Null(traceId);

        var accepted = XRayTraceHeader.TryParse(value, out var header);
        Assert.True(!accepted || header!.Parent is null);
        Assert.False(XRayTraceId.IsValid("1-00000000-000000000000000000000000"));
        Assert.Throws<ArgumentException>(() => XRayTraceHeader.Create("1-00000000-000000000000000000000000", null, true));
        Assert.Throws<ArgumentException>(() => XRayTraceHeader.Create("1-5759e988-bd862e3fe1be46a994272793", "0000000000000000", true));

        using var collector = new UdpCollector();
        await using var lambda = MatCarvLambda.Create(
            o =>
            {
                o.EnvironmentVariables = new Dictionary<string, string?> { ["AWS_LAMBDA_FUNCTION_NAME"] = "fn", ["AWS_XRAY_DAEMON_ADDRESS"] = collector.Address };
                o.Output = Stream.Null;
            },
            b => b.WithTracing());
        var result = await lambda.RunAsync(new LambdaInvocation("req-1") { TraceHeader = value }, _ => Task.FromResult(Activity.Current?.TraceId.ToHexString()));
        Assert.NotNull(result);
    }

    // Found by Any_tracestate_keeps_our_decision_first…, shrunk: an incoming tracestate that starts with our entry was passed
    // on unchanged, with our key several times (W3C: each key at most once) and beyond 32 members.
    [Theory]
    [InlineData("matcarv=s:0,matcarv=s:0,matcarv=s:0,c=ca\tcc=@a,matcarv,matcarv=s:1,E", false)]
    [InlineData("matcarv=s:1,matcarv=s:0", true)]
    public void An_incoming_tracestate_that_repeats_our_entry_keeps_it_once(string incoming, bool sampled)
    {
        var written = TraceStateDecision.With(incoming, sampled);
        Assert.Single(written.Split(','), m => m.StartsWith(TraceStateDecision.Key + "=", StringComparison.Ordinal));
        Assert.Equal(sampled, TraceStateDecision.Read(written));

        var wide = TraceStateDecision.Sampled + string.Concat(Enumerable.Range(0, 40).Select(i => ",v" + i + "=x"));
        Assert.Equal(TraceStateDecision.MaxMembers, TraceStateDecision.With(wide, true).Split(',').Length);

        // The common case still keeps the very string.
        const string Plain = "matcarv=s:1,rojo=00f067aa0ba902b7";
        Assert.Same(Plain, TraceStateDecision.With(Plain, true));
    }

    private static void Add(Dictionary<string, string> carrier, string name, string? value)
    {
        if (value is not null)
        {
            carrier[name] = value;
        }
    }
}
