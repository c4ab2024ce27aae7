using System.Diagnostics;
using System.Runtime.CompilerServices;
using MatCarv.Observability.Lambda;
using MatCarv.Observability.Metrics;
using Microsoft.Extensions.DependencyInjection; // WithMetrics
using Microsoft.Extensions.Logging;

namespace ColdStart;

/// <summary>
/// The SDK app of the cold-start benchmark. Without arguments: a Lambda-style init (<c>MatCarvLambda.Create</c> with metrics,
/// as a function does in a static field) and one invocation with one log line, one metric and one span, flushed when the
/// invocation ends — the figure compared with HelloWorld.
/// </summary>
/// <remarks>
/// <para>The first argument picks a part (what <c>run.sh --profile</c> times side by side to charge each part its cost,
/// without instrumenting the process): <c>binary</c> writes HelloWorld's line and never touches the SDK (the cost of a bigger
/// binary and its package references), <c>create</c> stops after init, <c>invocation</c> opens and ends an empty invocation,
/// <c>log</c>, <c>metric</c> and <c>span</c> add that one item to it, <c>full</c> is the default.</para>
/// <para><c>--probe</c> (after the part) prints Stopwatch intervals between the steps on stderr.</para>
/// </remarks>
internal static class Program
{
    private static async Task<int> Main(string[] args)
    {
        var part = args.Length > 0 ? args[0] : "full";
        if (part == "binary")
        {
#pragma warning disable MCV2002 // HelloWorld's own line, byte for byte: this part measures the binary without the SDK.
            Console.WriteLine("{\"level\":\"INFO\",\"message\":\"Processed order\",\"order_id\":\"o-1\"}");
#pragma warning restore MCV2002
            return 0;
        }

        if (part is not ("create" or "invocation" or "log" or "metric" or "span" or "full"))
        {
            await Console.Error.WriteLineAsync($"unknown part '{part}': binary, create, invocation, log, metric, span or full");
            return 2;
        }

        var probe = args.Length > 1 && args[1] == "--probe" ? new Probe() : null;
        await RunAsync(part, probe);
        probe?.Report();
        return 0;
    }

    // Not inlined: under JIT, compiling Main must not load the SDK's assemblies for the "binary" part.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static async Task RunAsync(string part, Probe? probe)
    {
        // Init: what a function does in a static field.
        var telemetry = MatCarvLambda.Create(
            o => o.ServiceName = "coldstart",
            b => b.WithMetrics(m => m.Namespace = "ColdStart"));
        probe?.Mark("create");
        var logger = telemetry.CreateLogger<Handler>();
        probe?.Mark("create_logger");
        if (part == "create")
        {
            return;
        }

        // One invocation, mapped from ILambdaContext as the README shows.
        await using (telemetry.BeginInvocation(new LambdaInvocation("8476a536-e9f4-11e8-9739-2dfe598c3fcd", "arn:aws:lambda:us-east-1:123456789012:function:coldstart")
        {
            RemainingTime = TimeSpan.FromSeconds(30),
            TraceHeader = "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1",
        }))
        {
            probe?.Mark("begin_invocation");
            if (part is "span" or "full")
            {
                using (telemetry.Tracer.StartSpan("charge"))
                {
                    probe?.Mark("start_span");
                    Work(part, telemetry, logger, probe);
                }

                probe?.Mark("stop_span");
            }
            else
            {
                Work(part, telemetry, logger, probe);
            }
        }

        probe?.Mark("end_invocation_flush");
    }

    private static void Work(string part, MatCarvLambda telemetry, ILogger logger, Probe? probe)
    {
        if (part is "log" or "full")
        {
            logger.LogInformation("Processed order {OrderId}", "o-1");
            probe?.Mark("log");
        }

        if (part is "metric" or "full")
        {
            telemetry.Metrics.AddMetric("OrdersProcessed", 1, MetricUnit.Count);
            probe?.Mark("metric");
        }
    }
}

/// <summary>The handler's logger category.</summary>
internal sealed class Handler;

/// <summary>Stopwatch intervals from entering the SDK code to each step, printed as one line of milliseconds on stderr.</summary>
internal sealed class Probe
{
    private readonly List<(string Name, long Ticks)> _marks = [];
    private readonly long _start = Stopwatch.GetTimestamp();

    public void Mark(string name) => _marks.Add((name, Stopwatch.GetTimestamp()));

    public void Report()
    {
        var parts = new List<string>();
        var previous = _start;
        foreach (var (name, ticks) in _marks)
        {
            parts.Add(FormattableString.Invariant($"{name}={Stopwatch.GetElapsedTime(previous, ticks).TotalMilliseconds:F2}"));
            previous = ticks;
        }

#pragma warning disable MCV2002 // measurement output on stderr, not a log entry
        Console.Error.WriteLine("probe " + string.Join(' ', parts));
#pragma warning restore MCV2002
    }
}
