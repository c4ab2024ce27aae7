using MatCarv.HealthEvents.Transport;
using MatCarv.Observability;

namespace MatCarv.HealthEvents.Publishing;

/// <summary>
/// The background sender: picks the transport (resolving AWS credentials and region off the caller's thread), then drains
/// the queue into PutEvents requests of at most 10 entries and <see cref="HealthEventsOptions.MaxRequestBytes"/>, in sequence
/// order. Failed requests are retried whole; failed entries are retried alone, in order; both with full-jitter backoff
/// within <see cref="HealthEventsOptions.MaxAttempts"/> and the <see cref="RetryBudget"/>. Terminal failures are counted
/// (<c>health_events/&lt;code&gt;</c>) and described once per code.
/// </summary>
internal sealed class HealthEventSender : ITelemetryStartup, ITelemetryFlusher, IDisposable
{
    private readonly HealthEventsSettings _settings;
    private readonly HealthEventPublisher _publisher;
    private readonly Func<AwsSigningContext, Uri, IHealthEventSink> _eventBridgeFactory;
        private readonly TelemetryRuntime _runtime;
    private readonly CancellationTokenSource _stopping = new();
    private readonly RetryBudget _budget;
    private readonly HashSet<string> _describedFailures = new(StringComparer.Ordinal);
    private readonly TaskCompletionSource<IHealthEventSink> _sinkReady = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly object _startGate = new();
    private Task? _loop;
    private int _disposed;

    public HealthEventSender(HealthEventsSettings settings, HealthEventPublisher publisher, Func<AwsSigningContext, Uri, IHealthEventSink> eventBridgeFactory)
    {
        _settings = settings;
        _publisher = publisher;
        _eventBridgeFactory = eventBridgeFactory;
        _runtime = settings.Runtime;
        _budget = new RetryBudget(settings.Options.RetryBudget);
    }

    /// <summary>Flushed with the other producers, before stdout (order 1000) so that fallback lines make it out in the same flush.</summary>
    public int FlushOrder => 50;

    /// <summary>The transport in use once chosen (tests, diagnostics).</summary>
    internal Task<IHealthEventSink> Sink => _sinkReady.Task;

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
                _runtime.Diagnostics.Warn("MatCarv.HealthEvents writes health events as JSON lines to stdout (HealthEventsOptions.Transport = Stdout).");
            }

            _loop = Task.Run(RunAsync);
        }
    }

    public async ValueTask FlushAsync(CancellationToken cancellationToken)
    {
        if (_loop is null)
        {
            return;
        }

        // Waits for delivery, not for an attempt: an event in backoff keeps the flush waiting until its deadline, and what
        // is still pending then stays queued for the next invocation or flush.
        await _publisher.WaitSettledAsync(cancellationToken).ConfigureAwait(false);
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
            _runtime.Diagnostics.ReportDrop(HealthEventPublisher.Signal, "shutdown", lost);
        }

        _stopping.Dispose();
    }

    private async Task RunAsync()
    {
        var token = _stopping.Token;
        try
        {
            var sink = await ChooseSinkAsync(token).ConfigureAwait(false);
            _sinkReady.TrySetResult(sink);
            using var serializer = new HealthEventSerializer(_settings);
            var reader = _publisher.Reader;
            var batch = new List<PreparedEntry>(EntryBatcher.MaxEntriesPerRequest);
            PreparedEntry? carry = null;
            int maxBytes = _settings.Options.MaxRequestBytes;
            while (true)
            {
                batch.Clear();
                long bytes = 0;
                if (carry is not null)
                {
                    batch.Add(carry);
                    bytes = carry.Size;
                    carry = null;
                }
                else if (!await reader.WaitToReadAsync(token).ConfigureAwait(false))
                {
                    return;
                }

                while (batch.Count < EntryBatcher.MaxEntriesPerRequest && reader.TryRead(out var healthEvent))
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

                    if (!EntryBatcher.CanAdd(batch.Count, bytes, entry, maxBytes))
                    {
                        carry = entry;
                        break;
                    }

                    batch.Add(entry);
                    bytes += entry.Size;
                }

                if (batch.Count > 0)
                {
                    await DeliverAsync(sink, batch, token).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            // Disposed: what is left is counted by Dispose.
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            _runtime.Diagnostics.Warn("MatCarv.HealthEvents sender stopped unexpectedly: " + ex.GetType().Name + ": " + ex.Message);
        }
    }

    private async Task<IHealthEventSink> ChooseSinkAsync(CancellationToken token)
    {
        var region = _settings.Options.Region ?? _runtime.Identity.Region;
        if (_settings.Transport == HealthEventsTransport.Stdout)
        {
            return new StdoutSink(_runtime.Stdout, _settings.Source, region);
        }

        var (context, problem) = await AwsConfigurationResolver.ResolveAsync(_settings, token).ConfigureAwait(false);
        if (context is not null)
        {
            var env = _runtime.Environment;
            var endpoint = _settings.ConfiguredEndpoint ?? EventBridgeEndpoint.Resolve(
                context.Region.SystemName,
                _settings.Options.UseFipsEndpoint ?? env.GetBool(HealthEventsEnvironmentVariables.UseFipsEndpoint, false),
                _settings.Options.UseDualStackEndpoint ?? env.GetBool(HealthEventsEnvironmentVariables.UseDualStackEndpoint, false));
            return _eventBridgeFactory(context, endpoint);
        }

        if (_settings.Transport == HealthEventsTransport.EventBridge)
        {
            _runtime.Diagnostics.Warn($"MatCarv.HealthEvents cannot send to EventBridge: {problem}. HealthEventsOptions.Transport = EventBridge, so health events are dropped and counted (reason no_aws_configuration).");
            return new UnconfiguredSink(problem ?? "no AWS configuration");
        }

        _runtime.Diagnostics.Warn($"MatCarv.HealthEvents writes health events as JSON lines to stdout: {problem}.");
        return new StdoutSink(_runtime.Stdout, _settings.Source, region);
    }

    private async Task DeliverAsync(IHealthEventSink sink, List<PreparedEntry> batch, CancellationToken token)
    {
        var options = _settings.Options;
        IReadOnlyList<PreparedEntry> pending = batch.ToArray();
        int retries = 0;
        int spent = 0;
        while (true)
        {
            foreach (var entry in pending)
            {
                entry.Attempts++;
            }

            var result = await sink.SendAsync(pending, token).ConfigureAwait(false);
            List<PreparedEntry>? retry = null;
            bool throttled = false;
            TimeSpan? retryAfter = null;
            if (result.RequestFailed)
            {
                if (!result.Retryable)
                {
                    Terminal(pending.Count, result.ErrorCode!, result.ErrorMessage);
                    return;
                }

                retry = new List<PreparedEntry>(pending);
                throttled = result.Throttling;
                retryAfter = result.RetryAfter;
            }
            else
            {
                int accepted = pending.Count;
                if (result.EntryErrorCodes is { } codes)
                {
                    for (int i = 0; i < pending.Count; i++)
                    {
                        if (codes[i] is not { } code)
                        {
                            continue;
                        }

                        accepted--;
                        if (PutEventsErrors.IsRetryableEntryCode(code))
                        {
                            (retry ??= new List<PreparedEntry>()).Add(pending[i]);
                            throttled |= code == "ThrottlingException";
                        }
                        else
                        {
                            Terminal(1, code, result.EntryErrorMessages?[i]);
                        }
                    }
                }

                if (accepted > 0)
                {
                    _publisher.Settle(accepted);
                }

                _budget.Release(retries == 0 ? 1 : spent);
                spent = 0;
            }

            if (retry is null)
            {
                return;
            }

            if (retries + 1 >= options.MaxAttempts)
            {
                Terminal(retry.Count, "retries_exhausted", $"Gave up after {options.MaxAttempts} attempts (HealthEventsOptions.MaxAttempts); last error {result.ErrorCode ?? "per-entry failure"}.");
                return;
            }

            int cost = throttled ? RetryBudget.ThrottlingCost : RetryBudget.TransientCost;
            if (!_budget.TryAcquire(cost))
            {
                Terminal(retry.Count, "retry_budget_exhausted", "The retry budget (HealthEventsOptions.RetryBudget) is empty: EventBridge has been failing broadly.");
                return;
            }

            spent += cost;
            // The server's x-amz-retry-after wins, capped like our own backoff so that one answer cannot park the queue.
            var delay = retryAfter is { } hint
                ? (hint < options.MaxRetryDelay ? hint : options.MaxRetryDelay)
                : Backoff.FullJitter(throttled ? options.ThrottlingRetryBaseDelay : options.RetryBaseDelay, options.MaxRetryDelay, retries, Random.Shared);
            retries++;
            if (delay > TimeSpan.Zero)
            {
                await Task.Delay(delay, _runtime.Time, token).ConfigureAwait(false);
            }

            pending = retry;
        }
    }

    private void Terminal(int count, string code, string? message)
    {
        _publisher.Settle(count);
        _runtime.Diagnostics.ReportDrop(HealthEventPublisher.Signal, code, count);
        if (_describedFailures.Add(code))
        {
            _runtime.Diagnostics.Warn($"MatCarv.HealthEvents dropped health events: {code}: {message ?? "no detail"}. Further {code} drops are only counted (matcarv.telemetry.dropped).", HealthEventPublisher.Signal, code);
        }
    }
}
