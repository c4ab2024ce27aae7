using System.Threading.Channels;
using MatCarv.Observability.Extensibility;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace MatCarv.HealthEvents.Publishing;

/// <summary>
/// The caller's side: stamps the event and writes it into a bounded channel. No I/O, no waiting, no allocation beyond the
/// event itself (the channel's ring buffer is preallocated as it grows to capacity).
/// Overflow policy: drop the OLDEST queued event (the newest status is the one operators need), counted as
/// <c>health_events/queue_full</c>; the dropped sequence number shows up as a gap to consumers.
/// </summary>
internal sealed class HealthEventPublisher : IHealthEventPublisher, IDisposable
{
    internal const string Signal = "health_events";

    private readonly Channel<HealthEvent> _channel;
    private readonly TelemetrySignalContext _runtime;
    private readonly TimeProvider _time;
    private readonly object _gate = new();
    private readonly byte[] _runId;
    private readonly bool _coarseClock;
    private long _sequence;
    private int _lastStatus = -1;
    private long _accepted;
    private long _settled;
    private TaskCompletionSource _progress = NewProgress();

    public HealthEventPublisher(HealthEventsSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        _runtime = settings.Runtime;
        _time = _runtime.TimeProvider;
        _coarseClock = ReferenceEquals(_time, TimeProvider.System);
        _runId = EventIds.ToBigEndianBytes(settings.RunId);
        Capacity = settings.Options.QueueCapacity;
        _channel = Channel.CreateBounded<HealthEvent>(
            new BoundedChannelOptions(Capacity)
            {
                FullMode = BoundedChannelFullMode.DropOldest,
                SingleReader = true,
                SingleWriter = false,
                AllowSynchronousContinuations = false,
            },
            OnDropped);
    }

    public int Capacity { get; }

    /// <summary>Events waiting in the queue.</summary>
    public int QueuedCount => _channel.Reader.Count;

    /// <summary>Events accepted into the queue so far.</summary>
    public long Accepted => Interlocked.Read(ref _accepted);

    /// <summary>Events that reached a final state so far (delivered, written, or dropped and counted).</summary>
    public long Settled => Interlocked.Read(ref _settled);

    public HealthStatus? LastStatus
    {
        get
        {
            var last = Volatile.Read(ref _lastStatus);
            return last < 0 ? null : (HealthStatus)last;
        }
    }

    internal ChannelReader<HealthEvent> Reader => _channel.Reader;

    public bool TryPublish(HealthEvent healthEvent)
    {
        if (healthEvent is null)
        {
            _runtime.ReportDrop(Signal, "null_event");
            return false;
        }

        if (!healthEvent.TryClaim())
        {
            _runtime.ReportDrop(Signal, "already_published");
            return false;
        }

        // The system wall clock costs 100-150 ns per read on Firecracker (Lambda's hypervisor; measured), most of the publish
        // budget: with the system clock the caller takes the coarse monotonic tick (about 16 ns, millisecond resolution)
        // and the background sender converts it. Any other TimeProvider (tests) is read directly.
        DateTimeOffset? now = _coarseClock ? null : _time.GetUtcNow();
        long tick = _coarseClock ? Environment.TickCount64 : 0;

        // One short lock so that channel order is sequence order and the previous status is the one published just before.
        lock (_gate)
        {
            var sequence = ++_sequence;
            int previous = healthEvent.Kind == HealthEventKind.StatusChanged ? _lastStatus : -1;

            // Stamp turns a status change that repeats the previous status into a heartbeat (issue 10).
            healthEvent.Stamp(EventIds.Create(_runId, sequence), sequence, now, tick, previous < 0 ? null : (HealthStatus)previous);
            Interlocked.Increment(ref _accepted);
            if (!_channel.Writer.TryWrite(healthEvent))
            {
                Settle(1);
                _runtime.ReportDrop(Signal, "publisher_stopped");
                return false;
            }

            if (healthEvent.Kind == HealthEventKind.StatusChanged)
            {
                Volatile.Write(ref _lastStatus, (int)healthEvent.Status);
            }
        }

        return true;
    }

    /// <summary>Records that <paramref name="count"/> events reached a final state and wakes flush waiters.</summary>
    internal void Settle(long count)
    {
        Interlocked.Add(ref _settled, count);
        Interlocked.Exchange(ref _progress, NewProgress()).TrySetResult();
    }

    /// <summary>Completes when every event accepted before the call has settled, or when <paramref name="cancellationToken"/> fires.</summary>
    internal async ValueTask<bool> WaitSettledAsync(CancellationToken cancellationToken)
    {
        var target = Accepted;
        while (true)
        {
            var progress = Volatile.Read(ref _progress);
            if (Settled >= target)
            {
                return true;
            }

            try
            {
                await progress.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return false;
            }
        }
    }

    /// <summary>Stops accepting events; what is queued stays readable.</summary>
    internal void Complete() => _channel.Writer.TryComplete();

    public void Dispose() => Complete();

    private static TaskCompletionSource NewProgress() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private void OnDropped(HealthEvent dropped)
    {
        Settle(1);
        _runtime.ReportDrop(Signal, "queue_full");
    }
}
