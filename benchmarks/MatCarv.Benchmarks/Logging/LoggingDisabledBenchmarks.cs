using BenchmarkDotNet.Attributes;
using MatCarv.Observability.Logging;
using Microsoft.Extensions.Logging;
using ZLogger;

namespace MatCarv.Benchmarks.Logging;

/// <summary>
/// The same call at Debug with every logger at Information: what a disabled call costs the caller, with every logger's
/// background threads running. The baseline is MEL's own dispatch: a <c>[LoggerMessage]</c> method on MEL's JSON console.
/// MEL's <c>LogDebug(template, args)</c> shows where its allocation comes from (the params array and the boxing happen in
/// the caller, before any provider is asked). See README.md in this folder.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(LoggingJob))]
public class LoggingDisabledBenchmarks
{
    private readonly string _customerName = "Ada Lovelace";
    private readonly int _itemCount = 3;
    private readonly double _elapsedMs = 12.34;
    private LoggingPeers _peers = null!;

    [GlobalSetup]
    public void Setup() => _peers = new LoggingPeers();

    [GlobalCleanup]
    public void Cleanup() => _peers.Dispose();

    [Benchmark(Description = "MatCarv, logger.Debug($\"…\")")]
    public void MatCarv_Interpolated() => _peers.MatCarvLogger.Debug($"Customer {_customerName} checked out {_itemCount} items in {_elapsedMs} ms");

    [Benchmark(Description = "MatCarv, MEL [LoggerMessage]")]
    public void MatCarv_LoggerMessage() => CheckoutLog.CheckedOutDebug(_peers.MatCarvLogger, _customerName, _itemCount, _elapsedMs);

    [Benchmark(Description = "MatCarv, MEL LogDebug(template, args)")]
    public void MatCarv_LogDebug() => _peers.MatCarvLogger.LogDebug(LoggingPeers.MessageTemplate, _customerName, _itemCount, _elapsedMs);

    [Benchmark(Description = "ZLogger, ZLogDebug($\"…\")")]
    public void ZLogger_Interpolated() => _peers.ZLogger.ZLogDebug($"Customer {_customerName} checked out {_itemCount} items in {_elapsedMs} ms");

    [Benchmark(Description = "Serilog, Debug(template, a, b, c)")]
    public void Serilog() => _peers.Serilog.Debug(LoggingPeers.MessageTemplate, _customerName, _itemCount, _elapsedMs);

    [Benchmark(Description = "NLog, Debug(template, a, b, c)")]
    public void NLog() => _peers.NLog.Debug(LoggingPeers.MessageTemplate, _customerName, _itemCount, _elapsedMs);

    [Benchmark(Baseline = true, Description = "MEL JSON console, [LoggerMessage]")]
    public void Mel_JsonConsole_LoggerMessage() => CheckoutLog.CheckedOutDebug(_peers.Mel, _customerName, _itemCount, _elapsedMs);
}
