using System.Collections.Concurrent;
using MatCarv.HealthEvents.Transport;
using MatCarv.Observability.Extensibility;

namespace MatCarv.HealthEvents.Publishing;

/// <summary>
/// The background sender. One loop takes events from the publisher's queue, keeps them (in sequence order) until they are
/// delivered or dropped, and sends them in PutEvents requests of at most 10 entries and
/// <see cref="HealthEventsOptions.MaxRequestBytes"/>, with up to <see cref="HealthEventsOptions.MaxConcurrentRequests"/>
/// requests in flight. Failed requests are retried whole, failed entries alone, each batch with its own full-jitter
/// backoff; an event is retried until it is older than <see cref="HealthEventsOptions.RetentionPeriod"/> (then dropped as
/// <c>expired</c>) — never given up after a number of attempts or a process-wide budget, so a bad hour loses nothing that
/// fits in the queue (issue 10). Memory stays bounded: beyond <see cref="HealthEventsOptions.QueueCapacity"/> undelivered
/// events, the oldest not in flight is dropped (<c>queue_full</c>).
/// Credentials and region are resolved by a separate background task, retried with backoff when they fail, and never
/// awaited by a flush (issue 15: the first invocation's flush waited 1.2 s for the credential chain).
/// </summary>
internal sealed class HealthEventSender : IDisposable
{
    /// <summary>The shortest retry delay during a flush (so that a deadline-fitted retry never spins).</summary>
    private static readonly TimeSpan MinimumFlushRetryDelay = TimeSpan.FromMilliseconds(10);

    private readonly HealthEventsSettings _settings;
    private readonly HealthEventsOptions _options;
    private readonly HealthEventPublisher _publisher;
    private readonly Func<AwsSigningContext, Uri, IHealthEventSink> _eventBridgeFactory;
    private readonly TelemetrySignalContext _runtime;
    private readonly TimeProvider _time;
    private readonly CancellationTokenSource _stopping = new();
    private readonly SemaphoreSlim _signal = new(0, 1);
    private readonly ConcurrentQueue<(PreparedEntry[] Batch, PutEventsResult Result)> _completions = new();
    private readonly List<PreparedEntry> _pending = new();
    private readonly HashSet<string> _describedFailures = new(StringComparer.Ordinal);
    private readonly TaskCompletionSource<IHealthEventSink> _sinkReady = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly object _startGate = new();
    private volatile IHealthEventSink? _sink;
    private Task? _loop;
    private int _inFlight;
    private int _activeFlushes;
    private long _flushDeadline;
    private int _disposed;
    private bool _announcedWaiting;
    private int _announcedLambdaFilter;

    public HealthEventSender(HealthEventsSettings settings, HealthEventPublisher publisher, Func<AwsSigningContext, Uri, IHealthEventSink> eventBridgeFactory)
    {
        _settings = settings;
        _options = settings.Options;
        _publisher = publisher;
        _eventBridgeFactory = eventBridgeFactory;
        _runtime = settings.Runtime;
        _time = _runtime.TimeProvider;
    }

    /// <summary>The transport in use once chosen for good (tests, diagnostics); an interim stdout fallback does not complete it.</summary>
    internal Task<IHealthEventSink> Sink => _sinkReady.Task;

    /// <summary>The transport events go to now, or null while credentials are still being resolved.</summary>
    internal IHealthEventSink? CurrentSink => _sink;

    public void Start()
    {
        lock (_startGate)
        {
            if (_loop is not null || Volatile.Read(ref _disposed) != 0)
            {
                return;
            }

            if (_settings.Transport == HealthEventsTransport.Stdout)
            {
                _runtime.ReportWarning("MatCarv.HealthEvents writes health events as JSON lines to stdout (HealthEventsOptions.Transport = Stdout).");
            }

            // Static keys (Lambda's environment) and configuration facts are settled now, without I/O, so the first
            // invocation's events go out with its flush; anything needing I/O resolves in the background.
            bool settled = ChooseSinkImmediately();

            // A clean execution context: the loop must not inherit the caller's Activity or invocation (its own HTTP calls
            // would otherwise join the caller's trace).
            using (ExecutionContext.SuppressFlow())
            {
                _loop = Task.Run(RunAsync);
                if (!settled)
                {
                    _ = Task.Run(ResolveSinkAsync);
                }
            }
        }
    }

    public async ValueTask FlushAsync(CancellationToken cancellationToken)
    {
        if (_loop is null || _sink is null)
        {
            // Credentials are still resolving (or being retried): never make a flush wait for AWS discovery; the events
            // stay queued and go out as soon as a transport is ready (at the next invocation in Lambda).
            return;
        }

        bool shutdown = _runtime.IsShuttingDown;
        var wait = shutdown ? _runtime.ShutdownFlushTimeout : _options.FlushTimeout;
        using var capped = new CancellationTokenSource(wait, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, capped.Token);

        // Retries due after this flush's deadline are pulled in so that several attempts fit before it.
        var deadline = _time.GetTimestamp() + (long)(wait.TotalSeconds * _time.TimestampFrequency);
        Interlocked.Increment(ref _activeFlushes);
        long current;
        do
        {
            current = Interlocked.Read(ref _flushDeadline);
        }
        while (deadline > current && Interlocked.CompareExchange(ref _flushDeadline, deadline, current) != current);

        try
        {
            Wake();
            await _publisher.WaitSettledAsync(linked.Token).ConfigureAwait(false);
        }
        finally
        {
            if (Interlocked.Decrement(ref _activeFlushes) == 0)
            {
                Interlocked.Exchange(ref _flushDeadline, 0);
            }
        }
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _publisher.Complete();
        _stopping.Cancel();
        try
        {
            _loop?.Wait(TimeSpan.FromSeconds(2));
        }
        catch (AggregateException)
        {
            // The loop never throws; cancellation surfaces here only as a faulted wait.
        }

        var lost = _publisher.Accepted - _publisher.Settled;
        if (lost > 0)
        {
            _publisher.Settle(lost);
            _runtime.ReportDrop(HealthEventPublisher.Signal, "shutdown", lost);
        }
    }

    private void Wake()
    {
        try
        {
            if (_signal.CurrentCount == 0)
            {
                _signal.Release();
            }
        }
        catch (SemaphoreFullException)
        {
            // Already signalled.
        }
        catch (ObjectDisposedException)
        {
            // Shutting down.
        }
    }

    private bool Stopping => _stopping.IsCancellationRequested;

    /// <summary>Settles the transport at start-up when that needs no I/O; false when the background resolver must run.</summary>
    private bool ChooseSinkImmediately()
    {
        if (_settings.Transport == HealthEventsTransport.Stdout)
        {
            SetSink(NewStdoutSink(), final: true);
            return true;
        }

        try
        {
            if (!AwsConfigurationResolver.TryResolveImmediately(_settings, out var context, out var problem))
            {
                return false;
            }

            return Apply(context, problem);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            return false; // the background resolver will try, and report
        }
    }

    /// <summary>Applies one resolution outcome; true when it is final (no retry needed).</summary>
    private bool Apply(AwsSigningContext? context, string? problem)
    {
        if (context is not null)
        {
            var endpoint = _settings.ConfiguredEndpoint ?? EventBridgeEndpoint.Resolve(
                context.Region.SystemName,
                _options.UseFipsEndpoint ?? _runtime.GetEnvironmentFlag(HealthEventsEnvironmentVariables.UseFipsEndpoint, false),
                _options.UseDualStackEndpoint ?? _runtime.GetEnvironmentFlag(HealthEventsEnvironmentVariables.UseDualStackEndpoint, false));
            var sink = _eventBridgeFactory(context, endpoint);
            if (_announcedWaiting)
            {
                _runtime.ReportWarning("MatCarv.HealthEvents resolved AWS credentials and now sends health events to EventBridge.");
            }

            SetSink(sink, final: true);
            return true;
        }

        problem ??= "no AWS configuration";

        // A missing region, or missing credentials in a supplied environment dictionary without a credentials object, is
        // configuration, not an outage: retrying cannot change it. Anything else may resolve later (a profile written, a
        // credentials endpoint back up, refreshing credentials that failed once) and is retried.
        bool permanent = problem.StartsWith(AwsConfigurationResolver.NoRegionProblem, StringComparison.Ordinal)
            || (!_runtime.ReadsProcessEnvironment && _options.Credentials is null);
        if (permanent)
        {
            if (_settings.Transport == HealthEventsTransport.EventBridge)
            {
                _runtime.ReportWarning($"MatCarv.HealthEvents cannot send to EventBridge: {problem}. HealthEventsOptions.Transport = EventBridge, so health events are dropped and counted (reason no_aws_configuration).");
                SetSink(new UnconfiguredSink(problem), final: true);
            }
            else
            {
                _runtime.ReportWarning($"MatCarv.HealthEvents writes health events as JSON lines to stdout: {problem}.");
                SetSink(NewStdoutSink(), final: true);
            }

            return true;
        }

        if (!_announcedWaiting)
        {
            _announcedWaiting = true;
            if (_settings.Transport == HealthEventsTransport.Auto && !CredentialSourceConfigured())
            {
                // Nothing names a credential source (a developer machine, the local sample): show the events now, keep
                // trying to reach EventBridge. A configured source that fails is an outage: events wait for it.
                _runtime.ReportWarning($"MatCarv.HealthEvents writes health events as JSON lines to stdout while it retries AWS credentials: {problem}.");
                SetSink(NewStdoutSink(), final: false);
            }
            else
            {
                _runtime.ReportWarning($"MatCarv.HealthEvents is waiting for AWS credentials: {problem}. Health events stay queued (HealthEventsOptions.QueueCapacity, RetentionPeriod) and resolution is retried with backoff.");
            }
        }

        return false;
    }

    /// <summary>
    /// Whether a credential source is configured: an explicit credentials object, or the environment variables of the
    /// AWS SDK chain's sources (keys, profile, web identity — EKS IRSA —, container credentials — ECS, EKS Pod Identity).
    /// </summary>
    private bool CredentialSourceConfigured()
    {
        if (_options.Credentials is not null)
        {
            return true;
        }

        foreach (var name in CredentialSourceVariables)
        {
            if (!string.IsNullOrEmpty(_runtime.GetEnvironmentVariable(name)))
            {
                return true;
            }
        }

        return false;
    }

    private static readonly string[] CredentialSourceVariables =
    [
        HealthEventsEnvironmentVariables.AccessKeyId,
        "AWS_PROFILE",
        "AWS_WEB_IDENTITY_TOKEN_FILE",
        "AWS_CONTAINER_CREDENTIALS_FULL_URI",
        "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI",
    ];

    private StdoutSink NewStdoutSink()
    {
        var format = _runtime.GetEnvironmentVariable(HealthEventsEnvironmentVariables.LambdaLogFormat);
        var rawLevel = _runtime.GetEnvironmentVariable(HealthEventsEnvironmentVariables.LambdaLogLevel);
        bool lambdaLevels = string.Equals(format, "JSON", StringComparison.OrdinalIgnoreCase) || rawLevel is not null;
        if (LambdaLogLevel.Threshold(rawLevel) is > LambdaLogLevel.Info and var threshold && Interlocked.Exchange(ref _announcedLambdaFilter, 1) == 0)
        {
            // Lambda drops lines below its level without telling anyone: say once which health events it will discard.
            _runtime.ReportWarning(
                $"AWS_LAMBDA_LOG_LEVEL={rawLevel} makes Lambda discard stdout lines below {LambdaLogLevel.Name(threshold)}: health events on stdout carry level INFO when Healthy, "
                + "WARN when Degraded and ERROR when Unhealthy (a status change the worse of its old and new status), so "
                + threshold switch
                {
                    LambdaLogLevel.Warn => "Healthy heartbeats and a first status of Healthy",
                    LambdaLogLevel.Error => "Healthy and Degraded heartbeats, a first status of Healthy or Degraded and changes between the two",
                    _ => "every health event",
                }
                + " will not reach CloudWatch Logs. Send health events to EventBridge (HealthEventsOptions.Transport) to keep every one.",
                HealthEventPublisher.Signal,
                "lambda_log_level");
        }

        return new(
            _runtime,
            _settings.Source,
            _options.Region ?? _runtime.Identity.Region,
            _runtime.GetEnvironmentVariable(HealthEventsEnvironmentVariables.AccountId),
            lambdaLevels);
    }

    private async Task ResolveSinkAsync()
    {
        var token = _stopping.Token;
        int attempt = 0;
        try
        {
            while (!token.IsCancellationRequested)
            {
                var (context, problem) = await AwsConfigurationResolver.ResolveAsync(_settings, token).ConfigureAwait(false);
                if (Apply(context, problem))
                {
                    return;
                }

                var delay = Backoff.Capped(_options.ThrottlingRetryBaseDelay, _options.MaxRetryDelay, attempt++);
                await Task.Delay(delay > TimeSpan.Zero ? delay : TimeSpan.FromMilliseconds(1), _time, token).ConfigureAwait(false);
            }
        }
        catch (Exception) when (Stopping)
        {
            // Disposed while resolving (the service provider may be gone too): nothing to report.
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            _runtime.ReportWarning("MatCarv.HealthEvents could not set up its transport: " + ex.GetType().Name + ": " + ex.Message);
            SetSink(new UnconfiguredSink(ex.GetType().Name), final: true);
        }
    }

    private void SetSink(IHealthEventSink sink, bool final)
    {
        _sink = sink;
        if (final)
        {
            _sinkReady.TrySetResult(sink);
        }

        Wake();
    }

    private async Task RunAsync()
    {
        var token = _stopping.Token;
        var reader = _publisher.Reader;
        Task<bool>? channelWait = null;
        Task? signalWait = null;
        bool channelDone = false;
        try
        {
            using var serializer = new HealthEventSerializer(_settings);
            while (true)
            {
                Take(serializer);
                Complete();
                Expire();
                TimeSpan? next = null;
                if (_sink is { } sink)
                {
                    next = Send(sink, token);
                }
                else if (_pending.Count > 0)
                {
                    next = _options.RetentionPeriod; // only expiry can happen before a transport is ready (and its wake-up)
                }

                if (channelDone && _pending.Count == 0 && _inFlight == 0)
                {
                    return;
                }

                if (!channelDone)
                {
                    channelWait ??= reader.WaitToReadAsync(token).AsTask();
                }

                signalWait ??= _signal.WaitAsync(token);
                using var delayCancel = new CancellationTokenSource();
                Task? delay = next is { } wait ? Task.Delay(wait > TimeSpan.Zero ? wait : TimeSpan.Zero, _time, delayCancel.Token) : null;
                await Task.WhenAny(Waits(channelWait, signalWait, delay)).ConfigureAwait(false);
                delayCancel.Cancel();
                token.ThrowIfCancellationRequested();
                if (channelWait is { IsCompleted: true })
                {
                    channelDone = !await channelWait.ConfigureAwait(false);
                    channelWait = null;
                }

                if (signalWait.IsCompleted)
                {
                    signalWait = null;
                }
            }
        }
        catch (Exception) when (Stopping)
        {
            // Disposed: what is left is counted by Dispose.
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            _runtime.ReportWarning("MatCarv.HealthEvents sender stopped unexpectedly: " + ex.GetType().Name + ": " + ex.Message);
        }
    }

    private static Task[] Waits(Task? channel, Task signal, Task? delay) => (channel, delay) switch
    {
        (null, null) => [signal],
        (null, not null) => [signal, delay],
        (not null, null) => [signal, channel],
        _ => [signal, channel, delay!],
    };

    /// <summary>Moves queued events into the sender's list (serialised once), keeping it within the queue capacity.</summary>
    private void Take(HealthEventSerializer serializer)
    {
        var reader = _publisher.Reader;
        int maxBytes = _options.MaxRequestBytes;
        var now = _time.GetUtcNow();
        while (reader.TryRead(out var healthEvent))
        {
            PreparedEntry entry;
            try
            {
                entry = serializer.Prepare(healthEvent);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                Terminal(1, "serialization_failed", ex.Message);
                continue;
            }

            if (!EntryBatcher.FitsAlone(entry, maxBytes))
            {
                Terminal(1, "entry_too_large", $"A health event of {entry.Size} bytes (PutEvents size formula) exceeds HealthEventsOptions.MaxRequestBytes ({maxBytes}); send fewer or smaller checks.");
                continue;
            }

            entry.QueuedAt = now;
            _pending.Add(entry);
        }

        // Newest wins, like the queue: beyond the capacity (in-flight requests aside) the oldest event not in flight goes.
        int waiting = 0;
        foreach (var entry in _pending)
        {
            waiting += entry.InFlight ? 0 : 1;
        }

        int excess = waiting - _publisher.Capacity;
        if (excess > 0)
        {
            int dropped = 0;
            foreach (var entry in _pending)
            {
                if (dropped == excess)
                {
                    break;
                }

                if (!entry.InFlight)
                {
                    entry.Done = true;
                    dropped++;
                }
            }

            if (dropped > 0)
            {
                _pending.RemoveAll(static e => e.Done);
                _publisher.Settle(dropped);
                _runtime.ReportDrop(HealthEventPublisher.Signal, "queue_full", dropped);
            }
        }
    }

    /// <summary>Applies the answers of finished requests.</summary>
    private void Complete()
    {
        bool removed = false;
        while (_completions.TryDequeue(out var completion))
        {
            _inFlight--;
            var (batch, result) = completion;
            foreach (var entry in batch)
            {
                entry.InFlight = false;
            }

            if (result.RequestFailed)
            {
                if (result.Retryable)
                {
                    ScheduleRetry(batch, result.Throttling, result.RetryAfter, result.ErrorCode ?? "request_failed");
                }
                else
                {
                    MarkDone(batch);
                    Terminal(batch.Length, result.ErrorCode!, result.ErrorMessage);
                }

                removed = true;
                continue;
            }

            int accepted = batch.Length;
            List<PreparedEntry>? retry = null;
            bool throttled = false;
            if (result.EntryErrorCodes is { } codes)
            {
                for (int i = 0; i < batch.Length; i++)
                {
                    if (codes[i] is not { } code)
                    {
                        continue;
                    }

                    accepted--;
                    if (PutEventsErrors.IsRetryableEntryCode(code))
                    {
                        (retry ??= new List<PreparedEntry>()).Add(batch[i]);
                        throttled |= code == "ThrottlingException";
                    }
                    else
                    {
                        batch[i].Done = true;
                        Terminal(1, code, result.EntryErrorMessages?[i]);
                    }
                }
            }

            foreach (var entry in batch)
            {
                if (retry is null || !retry.Contains(entry))
                {
                    entry.Done = true;
                }
            }

            if (accepted > 0)
            {
                _publisher.Settle(accepted);
            }

            if (retry is not null)
            {
                ScheduleRetry(retry, throttled, null, throttled ? "ThrottlingException" : "InternalFailure");
            }

            removed = true;
        }

        if (removed)
        {
            _pending.RemoveAll(static e => e.Done);
        }
    }

    private void ScheduleRetry(IReadOnlyList<PreparedEntry> entries, bool throttled, TimeSpan? retryAfter, string error)
    {
        int attempts = 0;
        foreach (var entry in entries)
        {
            attempts = Math.Max(attempts, entry.Attempts);
        }

        // One delay for the whole batch, so that it is retried as one request. The server's x-amz-retry-after wins, capped
        // like our own backoff so that one answer cannot park the queue.
        var delay = retryAfter is { } hint
            ? (hint < _options.MaxRetryDelay ? hint : _options.MaxRetryDelay)
            : Backoff.FullJitter(throttled ? _options.ThrottlingRetryBaseDelay : _options.RetryBaseDelay, _options.MaxRetryDelay, attempts - 1, Random.Shared);
        var now = _time.GetTimestamp();
        foreach (var entry in entries)
        {
            entry.RetryFrom = now;
            entry.RetryDelay = delay;
            entry.LastError = error;
        }
    }

    /// <summary>When an entry may be sent next: after its backoff, pulled in during a flush so that retries fit its deadline.</summary>
    private long DueAt(PreparedEntry entry)
    {
        if (entry.RetryFrom == 0)
        {
            return 0;
        }

        long frequency = _time.TimestampFrequency;
        long due = entry.RetryFrom + (long)(entry.RetryDelay.TotalSeconds * frequency);
        long deadline = Interlocked.Read(ref _flushDeadline);
        if (deadline > entry.RetryFrom && due > entry.RetryFrom)
        {
            // A quarter of what is left before the deadline: the delays of successive retries shrink geometrically and
            // always sum to less than the time left, so a flush gets several attempts instead of one long wait.
            long fitted = entry.RetryFrom + Math.Max((deadline - entry.RetryFrom) / 4, (long)(MinimumFlushRetryDelay.TotalSeconds * frequency));
            due = Math.Min(due, fitted);
        }

        return due;
    }

    /// <summary>Starts requests for entries that are due, up to the concurrency limit; the time until the next one is due.</summary>
    private TimeSpan? Send(IHealthEventSink sink, CancellationToken token)
    {
        long now = _time.GetTimestamp();
        int maxBytes = _options.MaxRequestBytes;
        var batch = new List<PreparedEntry>(EntryBatcher.MaxEntriesPerRequest);
        while (_inFlight < _options.MaxConcurrentRequests)
        {
            batch.Clear();
            long bytes = 0;
            foreach (var entry in _pending)
            {
                if (entry.InFlight || DueAt(entry) > now)
                {
                    continue;
                }

                if (!EntryBatcher.CanAdd(batch.Count, bytes, entry, maxBytes))
                {
                    break;
                }

                batch.Add(entry);
                bytes += entry.Size;
            }

            if (batch.Count == 0)
            {
                break;
            }

            var request = batch.ToArray();
            foreach (var entry in request)
            {
                entry.InFlight = true;
                entry.Attempts++;
            }

            _inFlight++;
            _ = SendAsync(sink, request, token);
        }

        long next = long.MaxValue;
        foreach (var entry in _pending)
        {
            if (!entry.InFlight)
            {
                next = Math.Min(next, DueAt(entry));
            }
        }

        if (next == long.MaxValue)
        {
            return null;
        }

        return next <= now ? TimeSpan.Zero : TimeSpan.FromSeconds((double)(next - now) / _time.TimestampFrequency);
    }

    private async Task SendAsync(IHealthEventSink sink, PreparedEntry[] batch, CancellationToken token)
    {
        PutEventsResult result;
        try
        {
            result = await sink.SendAsync(batch, token).ConfigureAwait(false);
        }
        catch (Exception) when (token.IsCancellationRequested)
        {
            return; // disposed: counted by Dispose
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            result = PutEventsResult.Failed("send_failed", ex.GetType().Name + ": " + ex.Message, retryable: true);
        }

        _completions.Enqueue((batch, result));
        Wake();
    }

    /// <summary>Drops entries older than the retention period (never one in flight).</summary>
    private void Expire()
    {
        if (_pending.Count == 0)
        {
            return;
        }

        var cutoff = _time.GetUtcNow() - _options.RetentionPeriod;
        int expired = 0;
        string? lastError = null;
        foreach (var entry in _pending)
        {
            if (!entry.InFlight && entry.QueuedAt < cutoff)
            {
                entry.Done = true;
                expired++;
                lastError = entry.LastError;
            }
        }

        if (expired > 0)
        {
            _pending.RemoveAll(static e => e.Done);
            Terminal(expired, "expired", $"Undelivered after HealthEventsOptions.RetentionPeriod ({_options.RetentionPeriod}); last error {lastError ?? "none (no transport was ready)"}.");
        }
    }

    private static void MarkDone(IEnumerable<PreparedEntry> entries)
    {
        foreach (var entry in entries)
        {
            entry.Done = true;
        }
    }

    private void Terminal(int count, string code, string? message)
    {
        _publisher.Settle(count);
        _runtime.ReportDrop(HealthEventPublisher.Signal, code, count);
        if (_describedFailures.Add(code))
        {
            _runtime.ReportWarning($"MatCarv.HealthEvents dropped health events: {code}: {message ?? "no detail"}. Further {code} drops are only counted (matcarv.telemetry.dropped).", HealthEventPublisher.Signal, code);
        }
    }
}
