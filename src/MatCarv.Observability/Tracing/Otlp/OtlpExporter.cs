using System.Diagnostics;
using MatCarv.Observability.Tracing.CloudWatchLogs;
using MatCarv.Observability.Tracing.Coexistence;
using MatCarv.Observability.Tracing.Export;
using MatCarv.Observability.Tracing.Sampling;

namespace MatCarv.Observability.Tracing.Otlp;

/// <summary>
/// The tracing pipeline for the OTLP destinations (<see cref="TraceDestination.Otlp"/>, <see cref="TraceDestination.XRayOtlp"/>):
/// the same listener, sampler and bounded ring as the X-Ray daemon pipeline (the caller's cost is identical), and a background
/// task that batches finished spans (up to <see cref="OtlpSettings.MaxSpansPerRequest"/> per request, at least every
/// <see cref="ExportInterval"/>, and on flush), encodes them (<see cref="OtlpTraceEncoder"/>) and POSTs them
/// (<see cref="OtlpHttpSender"/>). Flushed at the end of each Lambda invocation and at shutdown.
/// </summary>
internal sealed class OtlpExporter : ITelemetryStartup, ITelemetryFlusher, IDisposable
{
    /// <summary>How often the loop looks at the ring when nobody wakes it.</summary>
    public static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(200);

    /// <summary>The longest a finished span waits for its batch to fill (OpenTelemetry's batch processor waits 5 s).</summary>
    public static readonly TimeSpan ExportInterval = TimeSpan.FromSeconds(1);

    private readonly TracingSettings _settings;
    private readonly MatCarvTracer _tracer;
    private readonly TracingProcessState _processState;
    private readonly LogGroupDiscovery _logGroups;
    private readonly DoubleExportMonitor _doubleExport;
    private readonly object _gate = new();
    private readonly SemaphoreSlim _wake = new(0, int.MaxValue);
    private readonly List<FlushWaiter> _waiters = new();
    private readonly List<Activity> _batch = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly ManualResetEventSlim _stopped = new(false);
    private ActivityRingBuffer? _ring;
    private ActivityListener? _listener;
    private XRaySampler? _sampler;
    private OtlpHttpSender? _sender;
    private OtlpTraceEncoder? _encoder;
    private Task? _loop;
    private int _wakeThreshold;
    private volatile bool _resourceChanged;
    private bool _disposed;

    public OtlpExporter(TracingSettings settings, MatCarvTracer tracer, TracingProcessState processState, LogGroupDiscovery logGroups)
    {
        _settings = settings;
        _tracer = tracer;
        _processState = processState;
        _logGroups = logGroups;
        _doubleExport = new DoubleExportMonitor(settings);
    }

    /// <summary>Producers flush first (0–99); tracing goes after metrics and logs since its sends are the slowest.</summary>
    public int FlushOrder => 50;

    /// <summary>Requests the endpoint accepted so far (diagnostics and tests).</summary>
    internal long RequestsDelivered => _sender?.Delivered ?? 0;

    public void Start()
    {
        lock (_gate)
        {
            if (_listener is not null || _disposed || !_settings.Enabled || _settings.OtlpExport is not { } otlp)
            {
                return;
            }

            _processState.Install();
            _logGroups.Changed += () => _resourceChanged = true;
            _logGroups.Start();
            _ring = new ActivityRingBuffer(_settings.QueueCapacity);
            _wakeThreshold = Math.Min(_settings.QueueCapacity / 2, OtlpSettings.MaxSpansPerRequest);
            _sender = new OtlpHttpSender(otlp, _settings.Runtime);
            _encoder = NewEncoder();
            _sampler = new XRaySampler(_settings, central: null);
            var tracerSource = _tracer.Source;
            bool IsExported(ActivitySource source) => ReferenceEquals(source, tracerSource) || _settings.ListensTo(source.Name);
            _loop = Task.Run(LoopAsync);
            _listener = new ActivityListener
            {
                ShouldListenTo = IsExported,
                Sample = _sampler.Sample,
                ActivityStopped = OnStopped,
            };
            ActivitySource.AddActivityListener(_listener);
        }
    }

    private OtlpTraceEncoder NewEncoder() => new(OtlpResource.Build(_settings.Runtime, _logGroups.Current.Select(g => g.Name).ToArray()));

    private void OnStopped(Activity activity)
    {
        if (!activity.Recorded)
        {
            return;
        }

        if (!_sampler!.IsSampled(activity))
        {
            _doubleExport.NoteForeignRecorded();
            return;
        }

        var ring = _ring!;
        if (!ring.TryAdd(activity))
        {
            _settings.Runtime.Diagnostics.ReportDrop("tracing", "queue_full");
            Wake();
        }
        else if (ring.Count == _wakeThreshold)
        {
            Wake();
        }
    }

    private void Wake()
    {
        if (_wake.CurrentCount == 0)
        {
            _wake.Release();
        }
    }

    public ValueTask FlushAsync(CancellationToken cancellationToken)
    {
        FlushWaiter done;
        lock (_gate)
        {
            if (_ring is null || _loop is null || _stop.IsCancellationRequested)
            {
                return default;
            }

            done = new FlushWaiter(_ring.Added);
            lock (_waiters)
            {
                _waiters.Add(done);
            }
        }

        Wake();

        // Past the deadline what is still queued goes out with the next drain: the flush ends without an error. A continuation
        // rather than an async method with a catch (runtime code JIT-compiled on a cold start's first flush, see MetricsFlusher).
        var waited = done.Task.WaitAsync(cancellationToken);
        return waited.IsCompletedSuccessfully
            ? default
            : new ValueTask(waited.ContinueWith(static _ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default));
    }

    private async Task LoopAsync()
    {
        var time = _settings.Runtime.Time;
        long firstPending = 0;
        while (true)
        {
            bool stopping = _stop.IsCancellationRequested;
            if (!stopping)
            {
                try
                {
                    await _wake.WaitAsync(PollInterval, _stop.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    stopping = true;
                }
            }

            try
            {
                var ring = _ring!;
                long processed = ring.Removed;
                while (ring.TryTake(out var activity))
                {
                    if (_batch.Count == 0)
                    {
                        firstPending = time.GetTimestamp();
                    }

                    _batch.Add(activity!);
                    if (_batch.Count == OtlpSettings.MaxSpansPerRequest)
                    {
                        await SendBatchAsync().ConfigureAwait(false);
                    }
                }

                processed = ring.Removed;
                bool flushRequested;
                lock (_waiters)
                {
                    flushRequested = _waiters.Count > 0;
                }

                if (_batch.Count > 0 && (flushRequested || stopping || time.GetElapsedTime(firstPending) >= ExportInterval))
                {
                    await SendBatchAsync().ConfigureAwait(false);
                }

                _doubleExport.CheckOnce();
                CompleteWaiters(_batch.Count == 0 ? processed : processed - _batch.Count);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                _settings.Runtime.Diagnostics.ReportDrop("tracing", "export_failed", _batch.Count);
                _batch.Clear();
            }

            if (stopping)
            {
                CompleteWaiters(long.MaxValue);
                _stopped.Set();
                return;
            }
        }
    }

    private async Task SendBatchAsync()
    {
        if (_resourceChanged)
        {
            _resourceChanged = false;
            _encoder = NewEncoder();
        }

        await SendAsync(_batch, 0, _batch.Count).ConfigureAwait(false);
        _batch.Clear();
    }

    /// <summary>Sends spans [start, start+count) in one request, or in halves when the encoded request exceeds the size bound.</summary>
    private async Task SendAsync(List<Activity> spans, int start, int count)
    {
        var slice = start == 0 && count == spans.Count ? spans : spans.GetRange(start, count);
        var body = _encoder!.Encode(slice, OtlpSettings.MaxSpanBytes);
        if (_encoder.OversizedSpans > 0)
        {
            _settings.Runtime.Diagnostics.ReportDrop("tracing", "span_too_large", _encoder.OversizedSpans);
        }

        if (body.Length > OtlpSettings.MaxRequestBytes && count > 1)
        {
            int half = count / 2;
            await SendAsync(spans, start, half).ConfigureAwait(false);
            await SendAsync(spans, start + half, count - half).ConfigureAwait(false);
            return;
        }

        await _sender!.SendAsync(body, count - _encoder.OversizedSpans).ConfigureAwait(false);
    }

    private void CompleteWaiters(long processed)
    {
        lock (_waiters)
        {
            for (int i = _waiters.Count - 1; i >= 0; i--)
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
        Task? loop;
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            _listener?.Dispose();
            loop = _loop;
            _stop.Cancel();
        }

        // Bounded: the last batch gets its chance within 2 s; a slower endpoint loses it (counted by the sender).
        bool stopped = loop is null || _stopped.Wait(TimeSpan.FromSeconds(2));
        _processState.Uninstall();
        if (stopped)
        {
            _sender?.Dispose();
            _wake.Dispose();
            _stop.Dispose();
            _stopped.Dispose();
        }
    }
}
