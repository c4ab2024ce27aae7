using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using MatCarv.Observability.Logging;
using Microsoft.Extensions.Logging;
using ZLogger;

namespace MatCarv.Benchmarks.Logging;

/// <summary>
/// One structured entry with 3 parameters (<c>Customer {CustomerName} checked out {ItemCount} items in {ElapsedMs} ms</c>)
/// at Information, end to end: each invocation logs <see cref="Lines"/> lines and then waits until the last byte of the
/// last line reached the (counting, null) stream, so asynchronous pipelines are charged for their background work too
/// (perf-style.md §5: ZLogger's harness, drain inside the benchmark, OperationsPerInvoke = lines per invocation).
/// Each library uses its fastest documented API. MatCarv is shown three ways: its interpolated-string extension
/// (zero allocation), MEL's <c>[LoggerMessage]</c> and MEL's <c>LogInformation(template, args)</c>, whose boxing and
/// argument array belong to MEL's API, not to the provider.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(LoggingBenchmarkConfig))]
public class LoggingBenchmarks
{
    public const int Lines = 1000;

    private readonly string _customerName = "Ada Lovelace";
    private readonly int _itemCount = 3;
    private readonly double _elapsedMs = 12.34;
    private LoggingBenchmarkSetup _setup = null!;

    [GlobalSetup]
    public void Setup() => _setup = new LoggingBenchmarkSetup(enabled: true);

    [GlobalCleanup]
    public void Cleanup() => _setup.Dispose();

    [Benchmark(OperationsPerInvoke = Lines, Description = "MatCarv, interpolated Info")]
    public void MatCarv_Interpolated()
    {
        Fairness.EqualizePriority();
        var target = _setup.MatCarvStream.Lines + Lines;
        var logger = _setup.MatCarvLogger;
        string customerName = _customerName;
        int itemCount = _itemCount;
        double elapsedMs = _elapsedMs;
        for (int i = 0; i < Lines; i++)
        {
            logger.Info($"Customer {customerName} checked out {itemCount} items in {elapsedMs} ms");
        }

        _setup.MatCarvOutput.Flush();
        _setup.MatCarvStream.WaitFor(target);
    }

    [Benchmark(OperationsPerInvoke = Lines, Description = "MatCarv [LoggerMessage]")]
    public void MatCarv_LoggerMessage()
    {
        Fairness.EqualizePriority();
        var target = _setup.MatCarvStream.Lines + Lines;
        for (int i = 0; i < Lines; i++)
        {
            CheckoutLog.CheckedOut(_setup.MatCarvLogger, _customerName, _itemCount, _elapsedMs);
        }

        _setup.MatCarvOutput.Flush();
        _setup.MatCarvStream.WaitFor(target);
    }

    [Benchmark(OperationsPerInvoke = Lines, Description = "MatCarv LogInformation(template, args)")]
    public void MatCarv_LogInformation()
    {
        Fairness.EqualizePriority();
        var target = _setup.MatCarvStream.Lines + Lines;
        for (int i = 0; i < Lines; i++)
        {
            _setup.MatCarvLogger.LogInformation("Customer {CustomerName} checked out {ItemCount} items in {ElapsedMs} ms", _customerName, _itemCount, _elapsedMs);
        }

        _setup.MatCarvOutput.Flush();
        _setup.MatCarvStream.WaitFor(target);
    }

    [Benchmark(OperationsPerInvoke = Lines, Baseline = true, Description = "ZLogger JSON, ZLogInformation")]
    public void ZLogger_Json()
    {
        Fairness.EqualizePriority();
        var target = _setup.ZLoggerStream.Lines + Lines;
        var logger = _setup.ZLogger;
        string customerName = _customerName;
        int itemCount = _itemCount;
        double elapsedMs = _elapsedMs;
        for (int i = 0; i < Lines; i++)
        {
            logger.ZLogInformation($"Customer {customerName} checked out {itemCount} items in {elapsedMs} ms");
        }

        _setup.ZLoggerStream.WaitFor(target);
    }

    [Benchmark(OperationsPerInvoke = Lines, Description = "Serilog CompactJson, async sink")]
    public void Serilog_CompactJson_Async()
    {
        Fairness.EqualizePriority();
        var target = _setup.SerilogStream.Lines + Lines;
        for (int i = 0; i < Lines; i++)
        {
            _setup.Serilog.Information("Customer {CustomerName} checked out {ItemCount} items in {ElapsedMs} ms", _customerName, _itemCount, _elapsedMs);
        }

        _setup.SerilogStream.WaitFor(target);
    }

    [Benchmark(OperationsPerInvoke = Lines, Description = "NLog JsonLayout, async wrapper")]
    public void NLog_JsonLayout_Async()
    {
        Fairness.EqualizePriority();
        var target = _setup.NLogStream.Lines + Lines;
        for (int i = 0; i < Lines; i++)
        {
            _setup.NLog.Info("Customer {CustomerName} checked out {ItemCount} items in {ElapsedMs} ms", _customerName, _itemCount, _elapsedMs);
        }

        _setup.NLogStream.WaitFor(target);
    }

    [Benchmark(OperationsPerInvoke = Lines, Description = "MEL JSON console, [LoggerMessage]")]
    public void Mel_JsonConsole()
    {
        Fairness.EqualizePriority();
        var target = _setup.MelStream.Lines + Lines;
        for (int i = 0; i < Lines; i++)
        {
            CheckoutLog.CheckedOut(_setup.Mel, _customerName, _itemCount, _elapsedMs);
        }

        _setup.MelStream.WaitFor(target);
    }
}
