using BenchmarkDotNet.Attributes;
using MatCarv.Observability.Logging;
using Microsoft.Extensions.Logging;
using ZLogger;

namespace MatCarv.Benchmarks.Logging;

/// <summary>
/// The same call at Debug with every logger at Information: what a disabled call costs the caller. MEL's
/// <c>LogDebug(template, args)</c> is included to show where its allocation comes from (the params array and boxing are
/// created before any provider is asked).
/// </summary>
[MemoryDiagnoser]
[Config(typeof(LoggingBenchmarkConfig))]
public class LoggingDisabledBenchmarks
{
    private readonly string _customerName = "Ada Lovelace";
    private readonly int _itemCount = 3;
    private readonly double _elapsedMs = 12.34;
    private LoggingBenchmarkSetup _setup = null!;

    [GlobalSetup]
    public void Setup() => _setup = new LoggingBenchmarkSetup(enabled: false);

    [GlobalCleanup]
    public void Cleanup() => _setup.Dispose();

    [Benchmark(Description = "MatCarv, interpolated Debug")]
    public void MatCarv_Interpolated() => _setup.MatCarvLogger.Debug($"Customer {_customerName} checked out {_itemCount} items in {_elapsedMs} ms");

    [Benchmark(Description = "MatCarv [LoggerMessage]")]
    public void MatCarv_LoggerMessage() => CheckoutLog.CheckedOutDebug(_setup.MatCarvLogger, _customerName, _itemCount, _elapsedMs);

    [Benchmark(Description = "MatCarv LogDebug(template, args)")]
    public void MatCarv_LogDebug() => _setup.MatCarvLogger.LogDebug("Customer {CustomerName} checked out {ItemCount} items in {ElapsedMs} ms", _customerName, _itemCount, _elapsedMs);

    [Benchmark(Baseline = true, Description = "ZLogger, ZLogDebug")]
    public void ZLogger_Json() => _setup.ZLogger.ZLogDebug($"Customer {_customerName} checked out {_itemCount} items in {_elapsedMs} ms");

    [Benchmark(Description = "Serilog Debug(template, a, b, c)")]
    public void Serilog_CompactJson() => _setup.Serilog.Debug("Customer {CustomerName} checked out {ItemCount} items in {ElapsedMs} ms", _customerName, _itemCount, _elapsedMs);

    [Benchmark(Description = "NLog Debug(template, a, b, c)")]
    public void NLog_JsonLayout() => _setup.NLog.Debug("Customer {CustomerName} checked out {ItemCount} items in {ElapsedMs} ms", _customerName, _itemCount, _elapsedMs);

    [Benchmark(Description = "MEL [LoggerMessage] (JSON console)")]
    public void Mel_JsonConsole() => CheckoutLog.CheckedOutDebug(_setup.Mel, _customerName, _itemCount, _elapsedMs);
}
