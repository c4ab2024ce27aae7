using System.Collections.Concurrent;
using System.Diagnostics;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using MatCarv.Benchmarks.Tracing;
using MatCarv.Observability.Tracing.Sampling;
using OpenTelemetry;
using OpenTelemetry.Trace;

namespace MatCarv.Benchmarks.OpenTelemetry;

/// <summary>
/// Where to keep the X-Ray sampling decision so that our exporter sends only the traces our sampler chose when an
/// OpenTelemetry <c>TracerProvider</c> (default sampler ParentBased(AlwaysOn), batch processor, no-op exporter: running in
/// the background) records every span of the same source. One operation is a whole trace: a root and two children, started
/// and stopped. Each variant is a listener of its own source with the same decision (every 10th root sampled) and the same
/// "export" (an increment); only the bookkeeping differs:
/// <list type="bullet">
/// <item><c>Recorded_only</c>: no bookkeeping, exports what any listener recorded (the bug: every trace goes to X-Ray).</item>
/// <item><c>TraceState</c>: the decision in the W3C trace state (what the SDK ships, <see cref="TraceStateDecision"/>).</item>
/// <item><c>Per_trace_table</c>: a concurrent dictionary keyed by trace id, removed when the root stops.</item>
/// <item><c>Flag_on_root</c>: a custom property on the root activity, found by walking up from each span.</item>
/// </list>
/// Run: <c>dotnet run -c Release --project benchmarks/MatCarv.Benchmarks -- --filter '*SamplingDecision*'</c>
/// </summary>
[MemoryDiagnoser]
[Config(typeof(Config))]
public class SamplingDecisionBenchmarks
{
    private const int TracesPerIteration = 8192;
    private const string RootFlag = "bench.xray";
    private static readonly object Yes = true;
    private static readonly object No = false;

    [ThreadStatic]
    private static object? _pendingRootFlag;

    private readonly List<ActivityListener> _listeners = new();
    private readonly ConcurrentDictionary<ActivityTraceId, bool> _table = new();
    private ActivitySource _recordedOnly = null!;
    private ActivitySource _traceState = null!;
    private ActivitySource _perTraceTable = null!;
    private ActivitySource _flagOnRoot = null!;
    private TracerProvider _otel = null!;
    private long _roots;
    private long _exported;

    [GlobalSetup]
    public void Setup()
    {
        Thread.CurrentThread.Priority = ThreadPriority.Normal;
        _recordedOnly = new ActivitySource("Bench.Decision.RecordedOnly");
        _traceState = new ActivitySource("Bench.Decision.TraceState");
        _perTraceTable = new ActivitySource("Bench.Decision.Table");
        _flagOnRoot = new ActivitySource("Bench.Decision.Flag");

        Add(_recordedOnly, (ref ActivityCreationOptions<ActivityContext> o) =>
            o.Parent == default ? Vote(DecideRoot()) : Vote((o.Parent.TraceFlags & ActivityTraceFlags.Recorded) != 0),
            a => a.Recorded);

        Add(_traceState, SampleWithTraceState, a => a.Recorded && TraceStateDecision.IsSampled(a));

        Add(_perTraceTable, (ref ActivityCreationOptions<ActivityContext> o) =>
        {
            if (o.Parent == default)
            {
                var sampled = DecideRoot();
                _table[o.TraceId] = sampled;
                return Vote(sampled);
            }

            return Vote(_table.TryGetValue(o.TraceId, out var inherited) ? inherited : (o.Parent.TraceFlags & ActivityTraceFlags.Recorded) != 0);
        }, a =>
        {
            bool sampled = _table.TryGetValue(a.TraceId, out var d) ? d : a.Recorded;
            if (a.Parent is null)
            {
                _table.TryRemove(a.TraceId, out _);
            }

            return a.Recorded && sampled;
        }, started: null);

        Add(_flagOnRoot, (ref ActivityCreationOptions<ActivityContext> o) =>
        {
            if (o.Parent == default)
            {
                var sampled = DecideRoot();
                _pendingRootFlag = sampled ? Yes : No;
                return Vote(sampled);
            }

            return Vote(Activity.Current is { } parent && FindFlag(parent) is { } flag ? ReferenceEquals(flag, Yes) : (o.Parent.TraceFlags & ActivityTraceFlags.Recorded) != 0);
        }, a => a.Recorded && (FindFlag(a) is not { } flag || ReferenceEquals(flag, Yes)), started: a =>
        {
            if (_pendingRootFlag is { } flag && a.Parent is null)
            {
                a.SetCustomProperty(RootFlag, flag);
                _pendingRootFlag = null;
            }
        });

        _otel = Sdk.CreateTracerProviderBuilder()
            .AddSource("Bench.Decision.*")
            .AddProcessor(new BatchActivityExportProcessor(new NoopExporter(), maxQueueSize: TracesPerIteration * 4))
            .Build()!;
    }

    [IterationCleanup]
    public void Drain()
    {
        _otel.ForceFlush();
        if (_table.Count > TracesPerIteration)
        {
            throw new InvalidOperationException("the per-trace table must not grow: " + _table.Count);
        }
    }

    [Benchmark(Baseline = true)]
    public void Recorded_only() => Trace(_recordedOnly);

    [Benchmark]
    public void TraceState() => Trace(_traceState);

    [Benchmark]
    public void Per_trace_table() => Trace(_perTraceTable);

    [Benchmark]
    public void Flag_on_root() => Trace(_flagOnRoot);

    [GlobalCleanup]
    public void Cleanup()
    {
        _otel.Dispose();
        foreach (var listener in _listeners)
        {
            listener.Dispose();
        }

        // Every tenth trace exported (3 spans), except under Recorded_only, which exports all of them.
        Console.WriteLine($"// exported {_exported} spans of {_roots} traces");
    }

    private static void Trace(ActivitySource source)
    {
        var root = source.StartActivity("GET /orders", ActivityKind.Server)!;
        source.StartActivity("query")!.Stop();
        source.StartActivity("render")!.Stop();
        root.Stop();
    }

    private static ActivitySamplingResult Vote(bool sampled) =>
        sampled ? ActivitySamplingResult.AllDataAndRecorded : ActivitySamplingResult.PropagationData;

    private static object? FindFlag(Activity activity)
    {
        for (var a = activity; a is not null; a = a.Parent)
        {
            if (a.Parent is null)
            {
                return a.GetCustomProperty(RootFlag);
            }
        }

        return null;
    }

    private ActivitySamplingResult SampleWithTraceState(ref ActivityCreationOptions<ActivityContext> options)
    {
        var parent = options.Parent;
        if (parent != default && TraceStateDecision.Read(parent.TraceState) is { } inherited)
        {
            return Vote(inherited);
        }

        var sampled = parent == default ? DecideRoot() : (parent.TraceFlags & ActivityTraceFlags.Recorded) != 0;
        options = options with { TraceState = TraceStateDecision.With(parent.TraceState, sampled) };
        return Vote(sampled);
    }

    private bool DecideRoot() => Interlocked.Increment(ref _roots) % 10 == 0;

    private void Add(ActivitySource source, SampleActivity<ActivityContext> sample, Func<Activity, bool> exported, Action<Activity>? started = null)
    {
        var listener = new ActivityListener
        {
            ShouldListenTo = s => ReferenceEquals(s, source),
            Sample = sample,
            ActivityStarted = started,
            ActivityStopped = a =>
            {
                if (exported(a))
                {
                    Interlocked.Increment(ref _exported);
                }
            },
        };
        ActivitySource.AddActivityListener(listener);
        _listeners.Add(listener);
    }

    private sealed class Config : ManualConfig
    {
        public Config()
        {
            AddJob(Job.Default
                .WithInvocationCount(TracesPerIteration)
                .WithUnrollFactor(1)
                .WithWarmupCount(4)
                .WithIterationCount(30)
                .WithLaunchCount(1));
            WithOptions(ConfigOptions.DisableOptimizationsValidator);
        }
    }
}
