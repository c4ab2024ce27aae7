using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Globalization;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using MatCarv.Benchmarks.Logging;
using MatCarv.Benchmarks.Tracing;
using MatCarv.Observability.Lambda;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using ZLogger;

namespace MatCarv.Benchmarks.Reliability;

/// <summary>
/// Caller latency during a flood (issue 10 item 9): <see cref="Threads"/> producer threads on a 2-core machine call the
/// logger flat out while its writer thread (and, in the all-signals row, the metrics flusher and the X-Ray exporter) runs;
/// every single call is timed (<see cref="FloodProducers"/>) and the p50, p99, p99.9 and maximum of those calls are reported
/// next to BenchmarkDotNet's mean, with the lines each logger lost. Peers in the same run, each set up as its documentation
/// recommends for production (<see cref="LoggingPeers"/>): ZLogger (baseline), Serilog async and NLog async, both blocking
/// when full. Each invocation makes <see cref="CallsPerThread"/> × <see cref="Threads"/> calls and then waits until every
/// line reached the logger's stream (or was counted as dropped): a sustained rate, not an enqueue burst.
/// The percentiles cover the second half of a process's invocations (BenchmarkDotNet's measured iterations under every job
/// this suite uses; the first half holds jitting and warm-up). See README.md in this folder.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(Config))]
public class FloodLatencyBenchmarks
{
    public const int Threads = 4;
    public const int CallsPerThread = 25_000;
    private const int Calls = Threads * CallsPerThread;

    private const string SourceName = "Bench.Reliability.Flood";

    /// <summary>Histograms kept per process (a ring, allocated up front): more than any job of the suite invokes.</summary>
    private const int MaxRuns = 64;

    private readonly string _customer = "alice";
    private readonly LatencyHistogram[] _runs = Enumerable.Range(0, MaxRuns).Select(_ => new LatencyHistogram()).ToArray();
    private LoggingPeers _peers = null!;
    private FloodProducers _producers = null!;
    private UdpSink _daemon = null!;
    private LineCountingStream _allSignalsStream = null!;
    private MatCarvLambda _allSignals = null!;
    private ILogger _allSignalsLogger = null!;
    private ActivitySource _source = null!;
    private Meter _meter = null!;
    private Counter<long> _orders = null!;
    private Action<int> _matcarv = null!;
    private Action<int> _matcarvAllSignals = null!;
    private Action<int> _zlogger = null!;
    private Action<int> _serilog = null!;
    private Action<int> _nlog = null!;
    private long _calls;
    private long _lost;
    private int _invocations;
    private string _method = "unknown";

    /// <summary>The file prefix of one case's histograms (one file per benchmark process).</summary>
    public static string FilePrefix(string method) => nameof(FloodLatencyBenchmarks) + "." + method + ".";

    [GlobalSetup]
    public void Setup()
    {
        _peers = new LoggingPeers();
        _producers = new FloodProducers(Threads, CallsPerThread);

        // All signals: logs, a counter exported as EMF by the metrics flusher, and a span per call exported to a UDP daemon.
        _daemon = new UdpSink();
        _allSignalsStream = new LineCountingStream();
        _source = new ActivitySource(SourceName);
        _meter = new Meter(SourceName);
        _orders = _meter.CreateCounter<long>("orders");
        _allSignals = MatCarvLambda.Create(
            o =>
            {
                o.ServiceName = "checkout";
                o.Output = _allSignalsStream;
                o.EnvironmentVariables = new Dictionary<string, string?> { ["AWS_XRAY_DAEMON_ADDRESS"] = _daemon.Address };
            },
            b => b.WithMetrics(m => m.Meters.Add(SourceName)).WithTracing(t => t.Sources.Add(SourceName)));
        _allSignalsLogger = _allSignals.CreateLogger<Checkout>();

        var matcarvLogger = _peers.MatCarvLogger;
        var zlogger = _peers.ZLogger;
        var serilog = _peers.Serilog;
        var nlog = _peers.NLog;
        string customer = _customer;
        _matcarv = i => matcarvLogger.LogInformation(LoggingPeers.MessageTemplate, customer, i, 12.5);
        _zlogger = i => zlogger.ZLogInformation($"Customer {customer} checked out {i} items in {12.5} ms");
        _serilog = i => serilog.Information(LoggingPeers.MessageTemplate, customer, i, 12.5);
        _nlog = i => nlog.Info(LoggingPeers.MessageTemplate, customer, i, 12.5);
        _matcarvAllSignals = i =>
        {
            using var activity = _source.StartActivity("Checkout");
            _orders.Add(1);
            _allSignalsLogger.LogInformation(LoggingPeers.MessageTemplate, customer, i, 12.5);
        };
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        // The measured half of this process's invocations, merged and handed to the host (FloodLatencyColumn).
        var merged = new LatencyHistogram();
        int kept = Math.Min(_invocations, MaxRuns);
        for (int i = _invocations - ((kept + 1) / 2); i < _invocations; i++)
        {
            merged.Add(_runs[i % MaxRuns]);
        }

        var method = _method;
        merged.WriteTo(Path.Combine(FloodLatencyColumn.Directory, FilePrefix(method) + Environment.ProcessId.ToString(CultureInfo.InvariantCulture) + "." + Guid.NewGuid().ToString("N")), _calls, _lost);
        Console.WriteLine(FormattableString.Invariant(
            $"// {method}: {merged.Count} calls measured, p50 {LatencyHistogram.ToMicroseconds(merged.Quantile(0.5)):N2} µs, p99.9 {LatencyHistogram.ToMicroseconds(merged.Quantile(0.999)):N2} µs, max {LatencyHistogram.ToMicroseconds(merged.Max):N1} µs; {_lost} of {_calls} lines lost"));

        _producers.Dispose();
        _allSignals.Dispose();
        _source.Dispose();
        _meter.Dispose();
        _daemon.Dispose();
        _peers.Dispose();
    }

    [Benchmark(OperationsPerInvoke = Calls, Description = "MatCarv, LogInformation")]
    public void MatCarv_log() => Flood(nameof(MatCarv_log), _matcarv, _peers.MatCarvStream, () => _peers.MatCarv, _peers.FlushMatCarv);

    [Benchmark(OperationsPerInvoke = Calls, Description = "MatCarv, span + counter + LogInformation")]
    public void MatCarv_all_signals() => Flood(
        nameof(MatCarv_all_signals),
        _matcarvAllSignals,
        null,
        () => _allSignals,
        () => _allSignals.FlushAsync(TimeSpan.FromSeconds(30)).AsTask().GetAwaiter().GetResult());

    [Benchmark(OperationsPerInvoke = Calls, Baseline = true, Description = "ZLogger, ZLogInformation($\"…\")")]
    public void ZLogger_log() => Flood(nameof(ZLogger_log), _zlogger, _peers.ZLoggerStream, null, null);

    [Benchmark(OperationsPerInvoke = Calls, Description = "Serilog async, Information(template, …)")]
    public void Serilog_log() => Flood(nameof(Serilog_log), _serilog, _peers.SerilogStream, null, null);

    [Benchmark(OperationsPerInvoke = Calls, Description = "NLog async, Info(template, …)")]
    public void NLog_log() => Flood(nameof(NLog_log), _nlog, _peers.NLogStream, null, null);

    /// <summary>
    /// One invocation: the flood, then the drain (the logger's own flush where it has one, then every line that was not
    /// counted as dropped must reach the stream). <paramref name="stream"/> is null where other documents (EMF) share it.
    /// </summary>
    private void Flood(string method, Action<int> operation, LineCountingStream? stream, Func<MatCarvLambda>? matcarv, Action? flush)
    {
        Fairness.EqualizePriority();
        _method = method;
        long linesBefore = stream?.Lines ?? 0;
        long droppedBefore = matcarv is null ? 0 : DroppedLines(matcarv());

        var run = _runs[_invocations++ % MaxRuns];
        run.Clear();

        _producers.Run(operation, run);
        flush?.Invoke();
        long dropped = matcarv is null ? 0 : DroppedLines(matcarv()) - droppedBefore;
        stream?.WaitFor(linesBefore + Calls - dropped);
        _calls += Calls;
        _lost += dropped;
    }

    private static long DroppedLines(MatCarvLambda lambda) => lambda.GetDiagnostics().GetDropCount("logging");

    private sealed class Config : ManualConfig
    {
        public Config()
        {
            _ = FloodLatencyColumn.Directory; // the host names the directory before it starts any benchmark process
            AddColumn(FloodLatencyColumn.All);

            // Each invocation is a whole flood (10⁵ calls, 0.1–1 s): one per iteration, 6 warm-up and 10 measured iterations.
            AddJob(Job.Default
                .WithLaunchCount(1)
                .WithWarmupCount(6)
                .WithIterationCount(10)
                .WithInvocationCount(1)
                .WithUnrollFactor(1)
                .WithId("Flood"));
        }
    }
}
