using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Text.Json;

namespace MatCarv.Observability.Diagnostics;

/// <summary>
/// What the SDK reports about itself. Every drop is counted per signal and reason, exposed on the
/// <c>MatCarv.Observability</c> meter as <c>matcarv.telemetry.dropped</c>, and announced by one warning line per
/// signal and reason per <see cref="WarningInterval"/> (never a line per drop).
/// The counter is a synchronous <see cref="Counter{T}"/>: every drop is a measurement at the moment it happens, so drops
/// counted during shutdown (after the last metrics collection) still reach a listener (issue 10: <c>shutdown</c> drops
/// were announced but never observed). Warning lines bypass the stdout limit they may be reporting on (see
/// <see cref="Output.LineWriter.WriteDiagnosticLine"/>); a warning that could not be written does not use up its slot.
/// </summary>
internal sealed class SelfDiagnostics : IDisposable
{
    public const string MeterName = "MatCarv.Observability";
    public const string DroppedCounterName = "matcarv.telemetry.dropped";
    public static readonly TimeSpan WarningInterval = TimeSpan.FromMinutes(1);

    // Keyed by signal, then reason (reference-type keys): a tuple key is a generic instantiation over a value type that no
    // ReadyToRun image holds, so every cold start JIT-compiled the dictionary (benchmarks/ColdStart/run.sh --methods).
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<string, DropCounter>> _drops = new(StringComparer.Ordinal);
    private readonly TimeProvider _time;
    private readonly object _meterGate = new();

    // The meter and its counter are created with the first drop: most processes never drop, and creating a Counter<long>
    // costs every cold start JIT work (System.Diagnostics.Metrics' generic instrument code is not precompiled). A listener
    // (MeterListener, OpenTelemetry's AddMeter) sees the instrument when it is published, before its first measurement.
    private Meter? _meter;
    private Counter<long>? _dropped;
    private bool _disposed;
    private Output.LineWriter? _warningSink;

    public SelfDiagnostics(TimeProvider time, string serviceName)
    {
        _time = time;
        ServiceName = serviceName;
    }

    public string ServiceName { get; }

    /// <summary>Lambda's log controls read the <c>level</c> key: warnings say <c>WARN</c> (Lambda files <c>Warning</c> as INFO).</summary>
    public bool LambdaLevelNames { get; init; }

    /// <summary>Where warning lines go (the stdout line writer, set once it exists).</summary>
    public void SetWarningSink(Output.LineWriter sink) => _warningSink = sink;

    /// <summary>Counts one drop; emits a warning line if none was emitted for this signal and reason recently.</summary>
    public void ReportDrop(string signal, string reason, long count = 1)
    {
        var reasons = _drops.TryGetValue(signal, out var existing)
            ? existing
            : _drops.GetOrAdd(signal, static _ => new ConcurrentDictionary<string, DropCounter>(StringComparer.Ordinal));
        var counter = reasons.TryGetValue(reason, out var found) ? found : reasons.GetOrAdd(reason, static _ => new DropCounter());
        var total = Interlocked.Add(ref counter.Count, count);
        var dropped = Volatile.Read(ref _dropped) ?? CreateCounter();
        if (dropped is not null && dropped.Enabled)
        {
            dropped.Add(count, new KeyValuePair<string, object?>("signal", signal), new KeyValuePair<string, object?>("reason", reason));
        }

        var now = _time.GetTimestamp();
        var last = Volatile.Read(ref counter.LastWarning);
        if (last != 0 && _time.GetElapsedTime(last, now) < WarningInterval)
        {
            return;
        }

        if (Interlocked.CompareExchange(ref counter.LastWarning, now, last) != last)
        {
            return;
        }

        if (!Warn($"MatCarv.Observability dropped {signal} telemetry ({reason}); {total} dropped so far. See matcarv.telemetry.dropped.", signal, reason, total))
        {
            // Not written (no sink yet, or even the reserve is full): give the slot back so the next drop announces it.
            Interlocked.CompareExchange(ref counter.LastWarning, last, now);
        }
    }

    /// <summary>The number of drops so far for a signal and reason.</summary>
    public long GetDropCount(string signal, string reason) =>
        _drops.TryGetValue(signal, out var reasons) && reasons.TryGetValue(reason, out var c) ? Interlocked.Read(ref c.Count) : 0;

    /// <summary>Every drop counter (signal, reason, count).</summary>
    public IEnumerable<(string Signal, string Reason, long Count)> Drops()
    {
        foreach (var signal in _drops)
        {
            foreach (var reason in signal.Value)
            {
                yield return (signal.Key, reason.Key, Interlocked.Read(ref reason.Value.Count));
            }
        }
    }

    private Counter<long>? CreateCounter()
    {
        lock (_meterGate)
        {
            if (_dropped is null && !_disposed)
            {
                _meter = new Meter(MeterName);
                Volatile.Write(ref _dropped, _meter.CreateCounter<long>(DroppedCounterName, unit: "{item}", description: "Telemetry items dropped by the SDK, by signal and reason."));
            }

            return _dropped;
        }
    }

    /// <summary>A copy of every non-zero drop counter, ordered by signal then reason (the public diagnostics snapshot).</summary>
    public TelemetryDiagnosticsSnapshot Snapshot()
    {
        var drops = new List<TelemetryDropCount>();
        foreach (var (signal, reason, count) in Drops())
        {
            if (count != 0)
            {
                drops.Add(new TelemetryDropCount(signal, reason, count));
            }
        }

        drops.Sort(static (a, b) =>
        {
            int bySignal = string.CompareOrdinal(a.Signal, b.Signal);
            return bySignal != 0 ? bySignal : string.CompareOrdinal(a.Reason, b.Reason);
        });
        return new TelemetryDiagnosticsSnapshot([.. drops]);
    }

    /// <summary>Writes one SDK warning line in the Powertools log schema (start-up notices, rate-limited drop warnings).</summary>
    /// <returns>True when the line was queued for stdout.</returns>
    public bool Warn(string message, string? signal = null, string? reason = null, long? total = null)
    {
        var sink = _warningSink;
        if (sink is null)
        {
            return false;
        }

        try
        {
            var buffer = new System.Buffers.ArrayBufferWriter<byte>(256);
            using (var writer = new Utf8JsonWriter(buffer))
            {
                writer.WriteStartObject();
                writer.WriteString("level", LambdaLevelNames ? "WARN" : "Warning");
                writer.WriteString("message", message);
                writer.WriteString("timestamp", _time.GetUtcNow().UtcDateTime.ToString("o", System.Globalization.CultureInfo.InvariantCulture));
                writer.WriteString("service", ServiceName);
                var invocation = Context.InvocationContext.Current;
                WriteInvocation(writer, invocation);
                writer.WriteString("name", MeterName);
                WriteIfNotNull(writer, "correlation_id", invocation?.CorrelationId);
                if (signal is not null)
                {
                    writer.WriteString("signal", signal);
                }

                if (reason is not null)
                {
                    writer.WriteString("reason", reason);
                }

                if (total is not null)
                {
                    writer.WriteNumber("dropped_total", total.Value);
                }

                writer.WriteEndObject();
            }

            return sink.WriteDiagnosticLine(buffer.WrittenSpan);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // Diagnostics must never hurt the host.
            return false;
        }
    }

    /// <summary>
    /// A warning raised inside an invocation (a drop on the caller's thread, a flush that missed its deadline) carries the
    /// invocation's request context, so it can be found next to the invocation's own lines.
    /// </summary>
    private static void WriteInvocation(Utf8JsonWriter writer, Context.InvocationContext? invocation)
    {
        if (invocation is null)
        {
            return;
        }

        if (invocation.IsLambda)
        {
            writer.WriteBoolean("cold_start", invocation.IsColdStart);
            WriteIfNotNull(writer, "function_name", invocation.FunctionName);
            WriteIfNotNull(writer, "function_arn", invocation.FunctionArn);
            WriteIfNotNull(writer, "function_request_id", invocation.RequestId);
        }

        WriteIfNotNull(writer, "xray_trace_id", invocation.TraceHeader?.Root);
    }

    private static void WriteIfNotNull(Utf8JsonWriter writer, string key, string? value)
    {
        if (value is not null)
        {
            writer.WriteString(key, value);
        }
    }

    public void Dispose()
    {
        lock (_meterGate)
        {
            _disposed = true;
            _meter?.Dispose();
        }
    }

    private sealed class DropCounter
    {
        public long Count;
        public long LastWarning;
    }
}
