using System.Text;
using MatCarv.Observability.Lambda;
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
/// Every logger of the comparison, each set up as its documentation recommends for production (asynchronous or batched,
/// JSON), each writing to its own <see cref="LineCountingStream"/> (the same sink), with its background threads running.
/// MatCarv is set up exactly as the README's Lambda quick start does (<see cref="MatCarvLambda.Create"/>, every signal on,
/// <see cref="MatCarvLambda.CreateLogger{T}"/>) and drained through its public flush.
/// </summary>
internal sealed class LoggingPeers : IDisposable
{
    /// <summary>The template of the native-API peers (Serilog, NLog) and of MEL's <c>LogInformation</c>.</summary>
    public const string MessageTemplate = "Customer {CustomerName} checked out {ItemCount} items in {ElapsedMs} ms";

    private readonly TextWriter _originalConsole = Console.Out;
    private readonly ILoggerFactory _zloggerFactory;
    private readonly ILoggerFactory _melFactory;
    private readonly global::NLog.LogFactory _nlogFactory;
    private readonly global::Serilog.Core.Logger _serilogRoot;

    public LoggingPeers()
    {
        // MatCarv: the README's set-up; an empty environment so that no POWERTOOLS_* variable of this machine leaks in.
        MatCarvStream = new LineCountingStream();
        MatCarv = MatCarvLambda.Create(o =>
        {
            o.ServiceName = "checkout";
            o.Output = MatCarvStream;
            o.EnvironmentVariables = new Dictionary<string, string?>();
        });
        MatCarvLogger = MatCarv.CreateLogger<Checkout>();

        // ZLogger: its JSON formatter on its asynchronous stream writer (the README's production set-up).
        ZLoggerStream = new LineCountingStream();
        _zloggerFactory = LoggerFactory.Create(b =>
        {
            b.SetMinimumLevel(LogLevel.Information);
            b.AddZLoggerStream(ZLoggerStream, o => o.UseJsonFormatter());
        });
        ZLogger = _zloggerFactory.CreateLogger<Checkout>();

        // Serilog: CompactJsonFormatter behind Serilog.Sinks.Async (its documented production wrapper), native API.
        SerilogStream = new LineCountingStream();
        _serilogRoot = new LoggerConfiguration()
            .MinimumLevel.Information()
            .WriteTo.Async(a => a.Sink(new SerilogStreamSink(new CompactJsonFormatter(), SerilogStream)), bufferSize: 10_000, blockWhenFull: true)
            .CreateLogger();
        Serilog = _serilogRoot.ForContext(global::Serilog.Core.Constants.SourceContextPropertyName, Checkout.Category);

        // NLog: JsonLayout with the event properties behind AsyncTargetWrapper (blocking when full, no sleep between batches).
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
        NLog = _nlogFactory.GetLogger(Checkout.Category);

        // MEL: the JSON console formatter (its queue and background writer), Console.Out on the counting stream.
        MelStream = new LineCountingStream();
        Console.SetOut(new StreamWriter(MelStream, new UTF8Encoding(false), 64 * 1024) { AutoFlush = true });
        _melFactory = LoggerFactory.Create(b =>
        {
            b.SetMinimumLevel(LogLevel.Information);
            b.AddJsonConsole(o => o.JsonWriterOptions = new System.Text.Json.JsonWriterOptions { Indented = false });
        });
        Mel = _melFactory.CreateLogger<Checkout>();
    }

    public LineCountingStream MatCarvStream { get; }

    public MatCarvLambda MatCarv { get; }

    public ILogger MatCarvLogger { get; }

    public LineCountingStream ZLoggerStream { get; }

    public ILogger ZLogger { get; }

    public LineCountingStream SerilogStream { get; }

    public global::Serilog.ILogger Serilog { get; }

    public LineCountingStream NLogStream { get; }

    public global::NLog.Logger NLog { get; }

    public LineCountingStream MelStream { get; }

    public ILogger Mel { get; }

    /// <summary>MatCarv's public flush (what the end of a Lambda invocation or a host's shutdown does).</summary>
    public void FlushMatCarv() => MatCarv.FlushAsync(TimeSpan.FromSeconds(10)).AsTask().GetAwaiter().GetResult();

    public void Dispose()
    {
        MatCarv.Dispose();
        _zloggerFactory.Dispose();
        _serilogRoot.Dispose();
        _nlogFactory.Dispose();
        _melFactory.Dispose();
        Console.SetOut(_originalConsole);
    }
}
