using System.Diagnostics;
using MatCarv.Observability.Tracing.Coexistence;
using MatCarv.Observability.Tracing.Propagation;
using MatCarv.Observability.Tracing.Sampling;
using MatCarv.Observability.Tracing.Transport;

namespace MatCarv.Observability.Tracing.Export;

/// <summary>
/// The tracing pipeline: an <see cref="ActivityListener"/> that samples new traces and, when a recorded activity stops,
/// only puts it in a bounded ring (the caller's whole cost); a background thread turns activities into X-Ray documents
/// (<see cref="TraceAssembler"/>) and sends them over UDP. Flushed at the end of each Lambda invocation and at shutdown.
/// <para>
/// The caller's side is kept free of syscalls and shared writes beyond the ring's compare-and-swap: the loop is woken once
/// per <see cref="WakeBatch"/> spans and only while it sleeps, and a full ring counts its drops in a local counter that the
/// loop reports (issue 11: every drop used to signal the wait handle, a syscall per span at the benchmark's full rate).
/// </para>
/// </summary>
internal sealed class XRayExporter : ITelemetryStartup, ITelemetryFlusher, IDisposable
{
    /// <summary>How often the background loop drains the ring when nobody wakes it (it is woken when the ring is half full or on flush).</summary>
    public static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(200);

    /// <summary>Spans per wake-up of a sleeping loop (at most; less for small queues).</summary>
    public const int WakeBatch = 256;

    private static readonly TimeSpan SweepInterval = TimeSpan.FromSeconds(5);

    private readonly TracingSettings _settings;
    private readonly MatCarvTracer _tracer;
    private readonly TracingProcessState _processState;
    private readonly DoubleExportMonitor _doubleExport;
    private readonly object _gate = new();
    private readonly AutoResetEvent _wake = new(false);
    private readonly List<FlushWaiter> _waiters = new();
    private ActivityRingBuffer? _ring;
    private UdpDaemonSender? _sender;
    private TraceAssembler? _assembler;
    private ActivityListener? _listener;
    private CentralizedSampler? _central;
    private XRaySampler? _sampler;
    private Thread? _thread;
    private long _wakeMask;
    private Activity?[] _batch = [];
    private long _queueFullDrops;
    private long _flushedThrough;
    private int _idle;
    private int _signalled;
    private volatile bool _stopping;
    private bool _disposed;

    public XRayExporter(TracingSettings settings, MatCarvTracer tracer, TracingProcessState processState)
    {
        _settings = settings;
        _tracer = tracer;
        _processState = processState;
        _doubleExport = new DoubleExportMonitor(settings);
    }

    /// <summary>Producers flush first (0–99); tracing goes after metrics and logs since its sends are the slowest.</summary>
    public int FlushOrder => 50;

    /// <summary>The centralized sampler, when enabled.</summary>
    internal CentralizedSampler? CentralizedSampler => _central;

    /// <summary>Datagrams handed to the socket so far (diagnostics and tests).</summary>
    internal long DatagramsSent => _sender?.Sent ?? 0;

    public void Start()
    {
        lock (_gate)
        {
            if (_listener is not null || _disposed || !_settings.Enabled || _settings.Destination != TraceDestination.XRayDaemon)
            {
                return;
            }

            _processState.Install();
            _settings.LogGroups.Start();

            if (_settings.CentralizedSampling)
            {
                _central = new CentralizedSampler(_settings);
                _central.Start();
            }

            _ring = new ActivityRingBuffer(_settings.QueueCapacity);
            _wakeMask = (long)Math.Min(WakeBatch, 1 << System.Numerics.BitOperations.Log2((uint)_settings.QueueCapacity / 2)) - 1;
            _batch = new Activity?[Math.Min(WakeBatch, _settings.QueueCapacity)];
            _sender = new UdpDaemonSender(_settings.DaemonAddress, _settings.Runtime.Diagnostics);
            var tracerSource = _tracer.Source;
            bool IsExported(ActivitySource source) => ReferenceEquals(source, tracerSource) || _settings.ListensTo(source.Name);
            _assembler = new TraceAssembler(_settings, _sender.Send, IsExported);
            _thread = new Thread(Loop) { IsBackground = true, Name = "MatCarv.Observability tracing" };
            _thread.Start();
            _sampler = new XRaySampler(_settings, _central);

            _listener = new ActivityListener
            {
                ShouldListenTo = IsExported,
                Sample = _sampler.Sample,
                ActivityStopped = OnStopped,
            };
            ActivitySource.AddActivityListener(_listener);
        }
    }

    private void OnStopped(Activity activity)
    {
        // Recorded is the union of every listener's decision (an OpenTelemetry TracerProvider may record everything):
        // X-Ray gets only the traces our sampler chose, read from the trace state (TraceStateDecision).
        if (!activity.Recorded)
        {
            return;
        }

        if (!_sampler!.IsSampled(activity))
        {
            // Recorded, but not by us: another tracer listens to this source (double-export check on the loop).
            _doubleExport.NoteForeignRecorded();
            return;
        }

        long position = _ring!.TryEnqueue(activity);
        if (position < 0)
        {
            Interlocked.Increment(ref _queueFullDrops);
            Wake();
        }
        else if ((position & _wakeMask) == _wakeMask)
        {
            Wake();
        }
    }

    /// <summary>Signals the loop if it sleeps and nobody signalled it yet (one syscall per sleep at most).</summary>
    private void Wake()
    {
        if (Volatile.Read(ref _idle) != 0 && Interlocked.Exchange(ref _signalled, 1) == 0)
        {
            _wake.Set();
        }
    }

    public ValueTask FlushAsync(CancellationToken cancellationToken)
    {
        FlushWaiter done;
        lock (_gate)
        {
            if (_ring is null || _thread is null || _stopping)
            {
                return default;
            }

            // Nothing queued since the last completed flush (or ever): nothing is pending in the assembler either, so the
            // flush is done here, without waking the loop and waiting for it on a thread-pool continuation. A service whose
            // spans are rare, or a Lambda function logging without spans, flushes at every invocation: that hop was a
            // measurable part of a logging-only flush (issue 11).
            if (_ring.Added == Volatile.Read(ref _flushedThrough) && Volatile.Read(ref _queueFullDrops) == 0)
            {
                return default;
            }

            done = new FlushWaiter(_ring.Added);
            lock (_waiters)
            {
                _waiters.Add(done);
            }
        }

        _wake.Set();

        // Past the deadline what is still queued goes out with the next drain: the flush ends without an error. A continuation
        // rather than an async method with a catch (runtime code JIT-compiled on a cold start's first flush, see MetricsFlusher).
        var waited = done.Task.WaitAsync(cancellationToken);
        return waited.IsCompletedSuccessfully
            ? default
            : new ValueTask(waited.ContinueWith(static _ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default));
    }

    private void Loop()
    {
        var time = _settings.Runtime.Time;
        long lastSweep = time.GetTimestamp();
        while (true)
        {
            var stopping = _stopping;
            try
            {
                Drain(time, ref lastSweep, force: stopping);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                _settings.Runtime.Diagnostics.ReportDrop("tracing", "export_failed");
            }

            if (stopping)
            {
                CompleteWaiters(long.MaxValue, int.MaxValue);
                return;
            }

            // Sleep only with nothing queued. The flag is published before the ring is looked at, and producers look at the
            // flag after their compare-and-swap: one of the two always sees the other (no lost wake-up past the poll interval).
            Volatile.Write(ref _idle, 1);
            Interlocked.MemoryBarrier();
            if (_ring!.Count == 0 && !_stopping)
            {
                _wake.WaitOne(PollInterval);
            }

            Volatile.Write(ref _idle, 0);
            Volatile.Write(ref _signalled, 0);
        }
    }

    private void Drain(TimeProvider time, ref long lastSweep, bool force)
    {
        var ring = _ring!;
        var assembler = _assembler!;
        var batch = _batch;
        long now = time.GetTimestamp();
        int taken;
        while ((taken = ring.TakeBatch(batch)) > 0)
        {
            for (int i = 0; i < taken; i++)
            {
                try
                {
                    assembler.Add(batch[i]!, now);
                }
                catch (Exception ex) when (ex is not OutOfMemoryException)
                {
                    _settings.Runtime.Diagnostics.ReportDrop("tracing", "export_failed");
                }

                batch[i] = null;
            }

            now = time.GetTimestamp();
        }

        _doubleExport.CheckOnce();

        long dropped = Interlocked.Exchange(ref _queueFullDrops, 0);
        if (dropped > 0)
        {
            _settings.Runtime.Diagnostics.ReportDrop("tracing", "queue_full", dropped);
        }

        // Only the flushes asked for before this point are answered below: a later one must wait for its own FlushPending.
        int waiters;
        lock (_waiters)
        {
            waiters = _waiters.Count;
        }

        long flushed = -1;
        try
        {
            if (waiters > 0 || force)
            {
                // Lambda freezes the process after the invocation and shutdown ends it: nothing may stay pending.
                flushed = ring.Removed;
                assembler.FlushPending();
            }
            else if (time.GetElapsedTime(lastSweep, now) >= SweepInterval)
            {
                lastSweep = now;
                assembler.SweepIdle(now, time);
            }
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // Counted; the flush still completes (a flush must never wait forever on a span that cannot be exported).
            _settings.Runtime.Diagnostics.ReportDrop("tracing", "export_failed");
        }

        try
        {
            // The pass's datagrams go out together (one sendmmsg on Linux), before any flush waiting on them completes.
            assembler.SendQueued();
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            _settings.Runtime.Diagnostics.ReportDrop("tracing", "export_failed");
        }

        if (flushed >= 0)
        {
            // Every span taken before FlushPending is sent (or counted): a later flush with nothing added since has nothing to do.
            Volatile.Write(ref _flushedThrough, flushed);
        }

        CompleteWaiters(ring.Removed, waiters);
    }

    private void CompleteWaiters(long processed, int first)
    {
        lock (_waiters)
        {
            for (int i = Math.Min(first, _waiters.Count) - 1; i >= 0; i--)
            {
                if (_waiters[i].Target <= processed)
                {
                    _waiters[i].TrySetResult();
                    _waiters.RemoveAt(i);
                }
            }
        }
    }

    public void Dispose()
    {
        Thread? thread;
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            _listener?.Dispose();
            _stopping = true;
            thread = _thread;
        }

        if (thread is not null)
        {
            _wake.Set();
            thread.Join(TimeSpan.FromSeconds(2));
        }

        _central?.Dispose();
        _processState.Uninstall();

        if (thread is null || !thread.IsAlive)
        {
            _assembler?.Dispose();
        }

        _sender?.Dispose();
        _wake.Dispose();
    }
}
