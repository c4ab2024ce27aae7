using BenchmarkDotNet.Attributes;
using MatCarv.Observability.Logging;
using Microsoft.Extensions.Logging;
using ZLogger;

namespace MatCarv.Benchmarks.Logging;

/// <summary>
/// One structured entry with 3 parameters at Information, end to end at a sustained rate: each invocation logs
/// <see cref="Lines"/> lines, then waits until the last line reached the logger's (counting, null) stream, so the
/// asynchronous designs are charged for their background formatting and writing and MatCarv for its flush
/// (OperationsPerInvoke = lines per invocation: the numbers are per line). See README.md in this folder.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(LoggingJob))]
public class LoggingBenchmarks
{
    public const int Lines = 1000;

    private readonly string _customerName = "Ada Lovelace";
    private readonly int _itemCount = 3;
    private readonly double _elapsedMs = 12.34;
    private LoggingPeers _peers = null!;

    [GlobalSetup]
    public void Setup() => _peers = new LoggingPeers();

    [GlobalCleanup]
    public void Cleanup() => _peers.Dispose();

    [Benchmark(OperationsPerInvoke = Lines, Description = "MatCarv, logger.Info($\"…\")")]
    public void MatCarv_Interpolated()
    {
        Fairness.EqualizePriority();
        var target = _peers.MatCarvStream.Lines + Lines;
        var logger = _peers.MatCarvLogger;
        string customerName = _customerName;
        int itemCount = _itemCount;
        double elapsedMs = _elapsedMs;
        for (int i = 0; i < Lines; i++)
        {
            logger.Info($"Customer {customerName} checked out {itemCount} items in {elapsedMs} ms");
        }

        _peers.FlushMatCarv();
        _peers.MatCarvStream.WaitFor(target);
    }

    [Benchmark(OperationsPerInvoke = Lines, Description = "MatCarv, MEL [LoggerMessage]")]
    public void MatCarv_LoggerMessage()
    {
        Fairness.EqualizePriority();
        var target = _peers.MatCarvStream.Lines + Lines;
        var logger = _peers.MatCarvLogger;
        for (int i = 0; i < Lines; i++)
        {
            CheckoutLog.CheckedOut(logger, _customerName, _itemCount, _elapsedMs);
        }

        _peers.FlushMatCarv();
        _peers.MatCarvStream.WaitFor(target);
    }

    [Benchmark(OperationsPerInvoke = Lines, Description = "MatCarv, MEL LogInformation(template, args)")]
    public void MatCarv_LogInformation()
    {
        Fairness.EqualizePriority();
        var target = _peers.MatCarvStream.Lines + Lines;
        var logger = _peers.MatCarvLogger;
        for (int i = 0; i < Lines; i++)
        {
            logger.LogInformation(LoggingPeers.MessageTemplate, _customerName, _itemCount, _elapsedMs);
        }

        _peers.FlushMatCarv();
        _peers.MatCarvStream.WaitFor(target);
    }

    [Benchmark(OperationsPerInvoke = Lines, Baseline = true, Description = "ZLogger, ZLogInformation($\"…\")")]
    public void ZLogger_Interpolated()
    {
        Fairness.EqualizePriority();
        var target = _peers.ZLoggerStream.Lines + Lines;
        var logger = _peers.ZLogger;
        string customerName = _customerName;
        int itemCount = _itemCount;
        double elapsedMs = _elapsedMs;
        for (int i = 0; i < Lines; i++)
        {
            logger.ZLogInformation($"Customer {customerName} checked out {itemCount} items in {elapsedMs} ms");
        }

        _peers.ZLoggerStream.WaitFor(target);
    }

    [Benchmark(OperationsPerInvoke = Lines, Description = "ZLogger, MEL [LoggerMessage]")]
    public void ZLogger_LoggerMessage()
    {
        Fairness.EqualizePriority();
        var target = _peers.ZLoggerStream.Lines + Lines;
        var logger = _peers.ZLogger;
        for (int i = 0; i < Lines; i++)
        {
            CheckoutLog.CheckedOut(logger, _customerName, _itemCount, _elapsedMs);
        }

        _peers.ZLoggerStream.WaitFor(target);
    }

    [Benchmark(OperationsPerInvoke = Lines, Description = "Serilog async, Information(template, a, b, c)")]
    public void Serilog_Async()
    {
        Fairness.EqualizePriority();
        var target = _peers.SerilogStream.Lines + Lines;
        var logger = _peers.Serilog;
        for (int i = 0; i < Lines; i++)
        {
            logger.Information(LoggingPeers.MessageTemplate, _customerName, _itemCount, _elapsedMs);
        }

        _peers.SerilogStream.WaitFor(target);
    }

    [Benchmark(OperationsPerInvoke = Lines, Description = "NLog async, Info(template, a, b, c)")]
    public void NLog_Async()
    {
        Fairness.EqualizePriority();
        var target = _peers.NLogStream.Lines + Lines;
        var logger = _peers.NLog;
        for (int i = 0; i < Lines; i++)
        {
            logger.Info(LoggingPeers.MessageTemplate, _customerName, _itemCount, _elapsedMs);
        }

        _peers.NLogStream.WaitFor(target);
    }

    [Benchmark(OperationsPerInvoke = Lines, Description = "MEL JSON console, [LoggerMessage]")]
    public void Mel_JsonConsole_LoggerMessage()
    {
        Fairness.EqualizePriority();
        var target = _peers.MelStream.Lines + Lines;
        var logger = _peers.Mel;
        for (int i = 0; i < Lines; i++)
        {
            CheckoutLog.CheckedOut(logger, _customerName, _itemCount, _elapsedMs);
        }

        _peers.MelStream.WaitFor(target);
    }
}
