using System.Text;
using MatCarv.Observability;
using MatCarv.Observability.Lambda;
using MatCarv.Observability.Output;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using NLog.Config;
using NLog.Layouts;
using NLog.Targets.Wrappers;
using Serilog;
using Serilog.Formatting.Compact;
using ZLogger;
using ILogger = Microsoft.Extensions.Logging.ILogger;

namespace MatCarv.Benchmarks.Logging;

/// <summary>
/// Builds every logger of the comparison, each configured as its documentation recommends for production (asynchronous,
/// buffered, JSON), each writing to its own <see cref="LineCountingStream"/>.
/// </summary>
internal sealed class LoggingBenchmarkSetup : IDisposable
{
    private readonly TextWriter _originalConsole = Console.Out;
    private readonly ILoggerFactory _zloggerFactory;
    private readonly ILoggerFactory _melFactory;
    private readonly global::NLog.LogFactory _nlogFactory;

    public LoggingBenchmarkSetup(bool enabled)
    {
        // MatCarv: the SDK as a Lambda function or service uses it (no host), output to the counting stream.
        MatCarvStream = new LineCountingStream();
        MatCarv = MatCarvLambda.Create(o =>
        {
            o.Output = MatCarvStream;
            o.EnvironmentVariables = new Dictionary<string, string?>
            {
                ["POWERTOOLS_SERVICE_NAME"] = "checkout",
                ["POWERTOOLS_LOG_LEVEL"] = "Information",
                ["POWERTOOLS_TRACE_DISABLED"] = "true",
                ["POWERTOOLS_METRICS_DISABLED"] = "true",
            };
        });
        MatCarvLogger = MatCarv.LoggerFactory.CreateLogger("Checkout");
        MatCarvOutput = ((TelemetryRuntime)MatCarv.Services.GetRequiredService(typeof(TelemetryRuntime))).Stdout;

        // ZLogger: its JSON formatter on its async stream writer (the README's production setup).
        ZLoggerStream = new LineCountingStream();
        _zloggerFactory = LoggerFactory.Create(b =>
        {
            b.SetMinimumLevel(LogLevel.Information);
            b.AddZLoggerStream(ZLoggerStream, o => o.UseJsonFormatter());
        });
        ZLogger = _zloggerFactory.CreateLogger("Checkout");

        // Serilog: CompactJsonFormatter behind Serilog.Sinks.Async, native API (message templates, generic overloads).
        SerilogStream = new LineCountingStream();
        Serilog = new Serilog.LoggerConfiguration()
            .MinimumLevel.Information()
            .WriteTo.Async(a => a.Sink(new SerilogStreamSink(new CompactJsonFormatter(), SerilogStream)), bufferSize: 10_000, blockWhenFull: true)
            .CreateLogger();

        // NLog: JsonLayout with the event properties, AsyncTargetWrapper (blocking when full, no sleep between batches).
        NLogStream = new LineCountingStream();
        var layout = new JsonLayout { IncludeEventProperties = true };
        layout.Attributes.Add(new JsonAttribute("time", "${date:universalTime=true:format=o}"));
        layout.Attributes.Add(new JsonAttribute("level", "${level}"));
        layout.Attributes.Add(new JsonAttribute("logger", "${logger}"));
        layout.Attributes.Add(new JsonAttribute("message", "${message}"));
        var target = new NLogStreamTarget(NLogStream) { Layout = layout };
        var asyncTarget = new AsyncTargetWrapper(target, 10_000, AsyncTargetWrapperOverflowAction.Block) { TimeToSleepBetweenBatches = 0, BatchSize = 1000 };
        var config = new LoggingConfiguration();
        config.AddRule(global::NLog.LogLevel.Info, global::NLog.LogLevel.Fatal, asyncTarget);
        _nlogFactory = new global::NLog.LogFactory { Configuration = config };
        NLog = _nlogFactory.GetLogger("Checkout");

        // MEL: the JSON console formatter (its queue and background writer) with Console.Out on the counting stream.
        MelStream = new LineCountingStream();
        Console.SetOut(new StreamWriter(MelStream, new UTF8Encoding(false), 64 * 1024) { AutoFlush = true });
        _melFactory = LoggerFactory.Create(b =>
        {
            b.SetMinimumLevel(LogLevel.Information);
            b.AddJsonConsole(o => o.JsonWriterOptions = new System.Text.Json.JsonWriterOptions { Indented = false });
        });
        Mel = _melFactory.CreateLogger("Checkout");
        _ = enabled;
    }

    public LineCountingStream MatCarvStream { get; }

    public MatCarvLambda MatCarv { get; }

    public ILogger MatCarvLogger { get; }

    public LineWriter MatCarvOutput { get; }

    public LineCountingStream ZLoggerStream { get; }

    public ILogger ZLogger { get; }

    public LineCountingStream SerilogStream { get; }

    public Serilog.Core.Logger Serilog { get; }

    public LineCountingStream NLogStream { get; }

    public global::NLog.Logger NLog { get; }

    public LineCountingStream MelStream { get; }

    public ILogger Mel { get; }

    public void Dispose()
    {
        MatCarv.Dispose();
        _zloggerFactory.Dispose();
        Serilog.Dispose();
        _nlogFactory.Dispose();
        _melFactory.Dispose();
        Console.SetOut(_originalConsole);
    }
}
