using BenchmarkDotNet.Attributes;
using MatCarv.Benchmarks.Logging;
using MatCarv.Observability.Lambda;
using MatCarv.Observability.Logging;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using ZLogger;

namespace MatCarv.Benchmarks.Reliability;

/// <summary>
/// What secret-safe-by-default costs (issue 10): MatCarv with value-shape redaction (the default) and without it
/// (<c>MatCarvLoggerOptions.RedactSecretValues = false</c>), against ZLogger, Serilog and NLog (which do not redact), for a
/// line whose text has to be scanned: a failure message with a 150-character error value. A third MatCarv row logs a
/// value that carries a connection-string password (the redaction path that copies). End to end at a sustained rate,
/// as the logging benchmarks: each invocation writes <see cref="Lines"/> lines and waits until the last reached the
/// logger's stream (OperationsPerInvoke = lines, so every figure is per line). See README.md in this folder.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(LoggingJob))]
public class RedactionBenchmarks
{
    public const int Lines = 1000;

    private const string Template = "Payment for order {OrderId} failed: {Error}";

    private readonly string _orderId = "ord-1001";
    private readonly string _error = "The remote server returned an error: (503) Service Unavailable while calling https://payments.internal/v2/charges for customer 4711 after 3 attempts in 1204 ms";
    private readonly string _errorWithSecret = "Cannot open Server=db.internal;Database=orders;User Id=app;Password=hunter2-db-pass; after 3 attempts in 1204 ms (timeout)";
    private LoggingPeers _peers = null!;
    private LineCountingStream _unredactedStream = null!;
    private MatCarvLambda _unredacted = null!;
    private ILogger _unredactedLogger = null!;

    [GlobalSetup]
    public void Setup()
    {
        _peers = new LoggingPeers();
        _unredactedStream = new LineCountingStream();
        _unredacted = MatCarvLambda.Create(
            o =>
            {
                o.ServiceName = "checkout";
                o.Output = _unredactedStream;
                o.EnvironmentVariables = new Dictionary<string, string?>();
            },
            b => b.WithLogging(l => l.RedactSecretValues = false));
        _unredactedLogger = _unredacted.CreateLogger<Checkout>();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _unredacted.Dispose();
        _peers.Dispose();
    }

    [Benchmark(OperationsPerInvoke = Lines, Description = "MatCarv, redaction on (default)")]
    public void MatCarv_Redacted() => MatCarv(_peers.MatCarvLogger, _peers.MatCarvStream, _error, () => _peers.FlushMatCarv());

    [Benchmark(OperationsPerInvoke = Lines, Description = "MatCarv, redaction on, value with a password")]
    public void MatCarv_Redacted_SecretFound() => MatCarv(_peers.MatCarvLogger, _peers.MatCarvStream, _errorWithSecret, () => _peers.FlushMatCarv());

    [Benchmark(OperationsPerInvoke = Lines, Description = "MatCarv, RedactSecretValues = false")]
    public void MatCarv_Unredacted() => MatCarv(_unredactedLogger, _unredactedStream, _error, () => _unredacted.FlushAsync(TimeSpan.FromSeconds(10)).AsTask().GetAwaiter().GetResult());

    [Benchmark(OperationsPerInvoke = Lines, Baseline = true, Description = "ZLogger, ZLogInformation($\"…\")")]
    public void ZLogger_Interpolated()
    {
        Fairness.EqualizePriority();
        var target = _peers.ZLoggerStream.Lines + Lines;
        var logger = _peers.ZLogger;
        string orderId = _orderId;
        string error = _error;
        for (int i = 0; i < Lines; i++)
        {
            logger.ZLogInformation($"Payment for order {orderId} failed: {error}");
        }

        _peers.ZLoggerStream.WaitFor(target);
    }

    [Benchmark(OperationsPerInvoke = Lines, Description = "Serilog async, Information(template, a, b)")]
    public void Serilog_Async()
    {
        Fairness.EqualizePriority();
        var target = _peers.SerilogStream.Lines + Lines;
        var logger = _peers.Serilog;
        for (int i = 0; i < Lines; i++)
        {
            logger.Information(Template, _orderId, _error);
        }

        _peers.SerilogStream.WaitFor(target);
    }

    [Benchmark(OperationsPerInvoke = Lines, Description = "NLog async, Info(template, a, b)")]
    public void NLog_Async()
    {
        Fairness.EqualizePriority();
        var target = _peers.NLogStream.Lines + Lines;
        var logger = _peers.NLog;
        for (int i = 0; i < Lines; i++)
        {
            logger.Info(Template, _orderId, _error);
        }

        _peers.NLogStream.WaitFor(target);
    }

    private void MatCarv(ILogger logger, LineCountingStream stream, string error, Action flush)
    {
        Fairness.EqualizePriority();
        var target = stream.Lines + Lines;
        for (int i = 0; i < Lines; i++)
        {
            logger.LogInformation(Template, _orderId, error);
        }

        flush();
        stream.WaitFor(target);
    }
}
