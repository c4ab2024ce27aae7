using System.Collections.Concurrent;
using System.Text;
using MatCarv.Observability.Context;
using MatCarv.Observability.Extensibility;

namespace MatCarv.Observability.Tests.Extensibility;

/// <summary>
/// A signal package's component built on the public contract (overrides are <c>protected internal</c> here only because this
/// test assembly sees MatCarv.Observability's internals; MatCarv.HealthEvents overrides them as <c>protected</c>): it records every call the
/// telemetry makes, writes a line through the shared stdout pipeline when flushed, and can be told to fail or to hang.
/// </summary>
internal sealed class RecordingSignal : TelemetrySignal
{
    private readonly TelemetrySignalContext _context;

    public RecordingSignal(TelemetrySignalContext context, RecordingSignalOptions options)
    {
        _context = context;
        Options = options;
    }

    public override string Name => "recording";

    public RecordingSignalOptions Options { get; }

    public ConcurrentQueue<string> Calls { get; } = new();

    public bool Disposed { get; private set; }

    public TelemetrySignalContext Context => _context;

    protected internal override void Start() => Calls.Enqueue("start");

    protected internal override async ValueTask FlushAsync(CancellationToken cancellationToken)
    {
        Calls.Enqueue("flush");
        if (Options.FailFlush)
        {
            throw new InvalidOperationException("flush failed on purpose");
        }

        if (Options.HangFlush)
        {
            try
            {
                await Task.Delay(Timeout.InfiniteTimeSpan, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                // The deadline: stop, as the contract asks.
            }
        }

        _context.WriteLine(Encoding.UTF8.GetBytes("{\"recording\":\"" + Options.Label + "\"}"));
    }

    protected internal override void OnInvocationStarted(InvocationContext invocation)
    {
        Calls.Enqueue("started " + invocation.RequestId);
        if (Options.FailInvocation)
        {
            throw new InvalidOperationException("listener failed on purpose");
        }
    }

    protected internal override void OnInvocationEnded(InvocationContext invocation, Exception? exception) =>
        Calls.Enqueue("ended " + invocation.RequestId + (exception is null ? string.Empty : " " + exception.Message));

    protected override void Dispose(bool disposing)
    {
        Disposed = true;
        Calls.Enqueue("dispose");
        base.Dispose(disposing);
    }
}

/// <summary>The recording signal's options, configured through <c>MatCarvObservabilityBuilder.Configure</c>.</summary>
internal sealed class RecordingSignalOptions
{
    public string Label { get; set; } = "default";

    public bool FailFlush { get; set; }

    public bool HangFlush { get; set; }

    public bool FailInvocation { get; set; }
}
