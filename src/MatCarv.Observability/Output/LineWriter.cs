using MatCarv.Observability.Diagnostics;

namespace MatCarv.Observability.Output;

/// <summary>
/// The one UTF-8 line pipeline to stdout, shared by logs, EMF and health-event fallback lines so that they never
/// interleave. A caller copies a whole line into the current chunk under a short lock (a memcpy, never an allocation
/// larger than one chunk, never I/O); a dedicated writer thread writes sealed chunks, periodically and whenever a chunk
/// fills. Flushes wait for the writer up to a deadline and never write on the caller's thread, so a blocked stdout
/// (a stalled reader) cannot hold a Lambda invocation past its deadline.
/// </summary>
/// <remarks>
/// Outcomes, all counted on <c>matcarv.telemetry.dropped{signal=stdout}</c> per line:
/// <c>buffer_full</c> (more than <see cref="MaxBufferedBytes"/> not yet written), <c>write_failed</c> (stdout closed or
/// failing; from the first failure on, lines are dropped at once), <c>shutdown</c> (written after disposal, or still
/// unwritten when disposal's deadline passed). A flush that reaches its deadline returns and leaves its lines queued:
/// they are written as soon as the reader resumes (they are not lost), and lost only by the two counted ways above.
/// SDK warnings use <see cref="WriteDiagnosticLine"/>, which may go <see cref="DiagnosticReserveBytes"/> past the
/// limit, so that the warning about a full buffer is not itself dropped by the buffer it reports on.
/// </remarks>
internal sealed class LineWriter : IDisposable
{
    /// <summary>Chunk size: a full chunk wakes the writer; 64 KiB is also a Linux pipe's capacity.</summary>
    internal const int ChunkBytes = 64 * 1024;

    /// <summary>Room beyond <see cref="MaxBufferedBytes"/> kept for the SDK's own warning lines.</summary>
    internal const int DiagnosticReserveBytes = 64 * 1024;

    internal const string Signal = "stdout";

    private const int MaxPooledChunks = 8;

    private readonly Stream? _output;
    private readonly SelfDiagnostics? _diagnostics;
    private readonly object _gate = new();
    private readonly object _writeGate = new();
    private readonly Queue<Chunk> _sealed = new();
    private readonly Stack<Chunk> _pool = new();
    private readonly ManualResetEventSlim _wake = new(false);
    private readonly Thread? _thread;
    private readonly TimeSpan _interval;
    private readonly TimeSpan _shutdownTimeout;
    private Chunk _current = new(ChunkBytes);
    private long _bufferedBytes;
    private long _accepted;
    private long _settled;
    private long _droppedLines;
    private long _flushTimeouts;
    private volatile bool _broken;
    private volatile bool _disposed;
    private volatile bool _abandoned;
    private readonly object _progressGate = new();
    private TaskCompletionSource? _asyncProgress;

    /// <summary>Creates the writer.</summary>
    /// <param name="output">The stream (standard output); null means it could not be opened: every line is counted as <c>write_failed</c>.</param>
    /// <param name="flushInterval">How often the writer thread writes what accumulated.</param>
    /// <param name="maxBufferedBytes">The most bytes held before lines are dropped.</param>
    /// <param name="diagnostics">Where drops are counted.</param>
    /// <param name="background">False for tests and benchmarks: no writer thread, <see cref="Flush()"/> writes on the calling thread.</param>
    /// <param name="shutdownTimeout">How long <see cref="Dispose"/> waits for queued lines to be written.</param>
    public LineWriter(Stream? output, TimeSpan flushInterval, int maxBufferedBytes, SelfDiagnostics? diagnostics, bool background = true, TimeSpan? shutdownTimeout = null)
    {
        _output = output;
        _broken = output is null;
        _diagnostics = diagnostics;
        _interval = flushInterval;
        _shutdownTimeout = shutdownTimeout ?? TimeSpan.FromSeconds(5);
        MaxBufferedBytes = Math.Max(maxBufferedBytes, ChunkBytes);
        if (background)
        {
            _thread = new Thread(Run) { IsBackground = true, Name = "MatCarv.Observability stdout" };
            _thread.Start();
        }
    }

    /// <summary>The most bytes held (queued or being written) before lines are dropped.</summary>
    public int MaxBufferedBytes { get; }

    /// <summary>Lines dropped so far (every reason).</summary>
    public long DroppedLines => Interlocked.Read(ref _droppedLines);

    /// <summary>Flushes that returned at their deadline with lines still queued (stdout blocked).</summary>
    public long FlushTimeouts => Interlocked.Read(ref _flushTimeouts);

    /// <summary>Copies one complete line (without its newline) into the buffer. Never blocks on I/O, never throws.</summary>
    /// <param name="line">The UTF-8 line.</param>
    /// <returns>False when the line was dropped (counted).</returns>
    public bool WriteLine(ReadOnlySpan<byte> line)
    {
        var dropped = Append(line, MaxBufferedBytes);
        if (dropped is null)
        {
            return true;
        }

        Interlocked.Increment(ref _droppedLines);
        _diagnostics?.ReportDrop(Signal, dropped);
        return false;
    }

    /// <summary>
    /// Writes one SDK warning line, allowed <see cref="DiagnosticReserveBytes"/> beyond the limit. A line that does not fit
    /// even there is not counted (the warning is about drops already counted); the caller retries with its next warning.
    /// </summary>
    /// <param name="line">The UTF-8 line.</param>
    /// <returns>False when the line could not be queued.</returns>
    public bool WriteDiagnosticLine(ReadOnlySpan<byte> line) => Append(line, (long)MaxBufferedBytes + DiagnosticReserveBytes) is null;

    /// <summary>
    /// Waits until every line written before the call has been written to the stream (or counted as lost). Without a
    /// deadline: for tests, benchmarks and the no-thread mode only; the SDK's own flushes use <see cref="Flush(TimeSpan)"/>.
    /// </summary>
    public void Flush() => Flush(Timeout.InfiniteTimeSpan);

    /// <summary>Waits until every line written before the call has been written (or counted as lost), at most <paramref name="timeout"/>. Never throws.</summary>
    /// <param name="timeout">The deadline; <see cref="Timeout.InfiniteTimeSpan"/> waits as long as it takes.</param>
    /// <returns>False when the deadline passed first (the lines stay queued).</returns>
    public bool Flush(TimeSpan timeout)
    {
        long target = BeginFlush();
        if (target < 0)
        {
            return true;
        }

        return WaitSettled(target, timeout) || CountTimeout();
    }

    /// <summary>Waits asynchronously until every line written before the call has been written (or counted as lost), at most <paramref name="timeout"/>.</summary>
    /// <param name="timeout">The deadline; <see cref="Timeout.InfiniteTimeSpan"/> waits as long as it takes; zero only hands the lines to the writer.</param>
    /// <returns>False when the deadline passed first (the lines stay queued and are written when stdout accepts them).</returns>
    public ValueTask<bool> FlushAsync(TimeSpan timeout)
    {
        // One async method (WaitSettledAsync) rather than two: each is runtime code JIT-compiled on a cold start's first flush.
        long target = BeginFlush();
        return target < 0 ? new ValueTask<bool>(true) : WaitSettledAsync(target, timeout);
    }

    /// <summary>
    /// Stops accepting lines and waits up to the shutdown timeout for the queued ones; lines still unwritten then are
    /// counted as <c>shutdown</c> drops (if a blocked write completes later they may still appear: counted as lost, not
    /// silently lost).
    /// </summary>
    public void Dispose()
    {
        long target;
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            target = _accepted;
            SealCurrent();
        }

        bool written;
        if (_thread is null)
        {
            WritePending();
            written = true;
        }
        else
        {
            _wake.Set();
            written = WaitSettled(target, _shutdownTimeout);
        }

        if (!written)
        {
            _abandoned = true;
            long lost = target - Interlocked.Read(ref _settled);
            if (lost > 0)
            {
                Interlocked.Add(ref _droppedLines, lost);
                _diagnostics?.ReportDrop(Signal, "shutdown", lost);
            }
        }

        _wake.Set();
        if (written)
        {
            _thread?.Join(TimeSpan.FromSeconds(1));
        }
    }

    private static TaskCompletionSource NewProgress() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Queues the line; the drop reason, or null when queued.</summary>
    private string? Append(ReadOnlySpan<byte> line, long limit)
    {
        int needed = line.Length + 1;
        bool wake = false;
        lock (_gate)
        {
            if (_disposed)
            {
                return "shutdown";
            }

            if (_broken)
            {
                return "write_failed";
            }

            if (_bufferedBytes + needed > limit)
            {
                return "buffer_full";
            }

            var current = _current;
            if (current.Data.Length - current.Length < needed)
            {
                if (current.Length > 0)
                {
                    SealCurrent();
                    wake = true;
                }

                if (_current.Data.Length < needed)
                {
                    // A line larger than a chunk gets a chunk of its own (never pooled).
                    _current = new Chunk(needed);
                }

                current = _current;
            }

            line.CopyTo(current.Data.AsSpan(current.Length));
            current.Data[current.Length + line.Length] = (byte)'\n';
            current.Length += needed;
            current.Lines++;
            _bufferedBytes += needed;
            _accepted++;
            wake |= current.Length >= ChunkBytes;
        }

        if (wake && _thread is not null)
        {
            _wake.Set();
        }

        return null;
    }

    /// <summary>Moves the current chunk to the write queue (under <see cref="_gate"/>).</summary>
    private void SealCurrent()
    {
        if (_current.Length == 0)
        {
            return;
        }

        _sealed.Enqueue(_current);
        _current = _pool.Count > 0 ? _pool.Pop() : new Chunk(ChunkBytes);
    }

    /// <summary>Seals what is current and wakes the writer; the line count to wait for, or -1 when nothing is pending.</summary>
    private long BeginFlush()
    {
        long target;
        lock (_gate)
        {
            target = _accepted;
            SealCurrent();
        }

        if (Interlocked.Read(ref _settled) >= target)
        {
            return -1;
        }

        if (_thread is null)
        {
            WritePending();
            return -1;
        }

        _wake.Set();
        return target;
    }

    private bool CountTimeout()
    {
        Interlocked.Increment(ref _flushTimeouts);
        return false;
    }

    /// <summary>Blocks until <paramref name="target"/> lines settled or the timeout; allocation-free (Monitor), so a flush costs no garbage.</summary>
    private bool WaitSettled(long target, TimeSpan timeout)
    {
        long started = System.Diagnostics.Stopwatch.GetTimestamp();
        lock (_progressGate)
        {
            while (Interlocked.Read(ref _settled) < target)
            {
                if (timeout == Timeout.InfiniteTimeSpan)
                {
                    Monitor.Wait(_progressGate);
                    continue;
                }

                var remaining = timeout - System.Diagnostics.Stopwatch.GetElapsedTime(started);
                if (remaining <= TimeSpan.Zero)
                {
                    return false;
                }

                Monitor.Wait(_progressGate, remaining);
            }
        }

        return true;
    }

    private async ValueTask<bool> WaitSettledAsync(long target, TimeSpan timeout)
    {
        using var deadline = timeout == Timeout.InfiniteTimeSpan ? null : new CancellationTokenSource(timeout < TimeSpan.Zero ? TimeSpan.Zero : timeout);
        while (true)
        {
            var progress = Volatile.Read(ref _asyncProgress);
            if (progress is null)
            {
                var created = NewProgress();
                progress = Interlocked.CompareExchange(ref _asyncProgress, created, null) ?? created;
            }

            if (Interlocked.Read(ref _settled) >= target)
            {
                return true;
            }

            try
            {
                await (deadline is null ? progress.Task : progress.Task.WaitAsync(deadline.Token)).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return Interlocked.Read(ref _settled) >= target || CountTimeout();
            }
        }
    }

    /// <summary>Writes every sealed chunk (one writer at a time). Never throws.</summary>
    private void WritePending()
    {
        lock (_writeGate)
        {
            while (true)
            {
                Chunk? chunk;
                lock (_gate)
                {
                    if (!_sealed.TryDequeue(out chunk))
                    {
                        if (_current.Length == 0 || _thread is not null)
                        {
                            break;
                        }

                        // No writer thread: the caller's flush writes what is current too.
                        SealCurrent();
                        continue;
                    }
                }

                long failed = 0;
                if (_broken)
                {
                    failed = chunk.Lines;
                }
                else
                {
                    try
                    {
                        _output!.Write(chunk.Data, 0, chunk.Length);
                        _output.Flush();
                    }
                    catch (Exception ex) when (ex is not OutOfMemoryException)
                    {
                        // Closed stdout raises UnauthorizedAccessException (EBADF) or IOException (EPIPE): nothing more can
                        // be shown. Every line of the chunk is counted, and later lines are dropped at once.
                        _broken = true;
                        failed = chunk.Lines;
                    }
                }

                Settle(chunk, failed);
            }
        }
    }

    private void Settle(Chunk chunk, long failed)
    {
        int lines = chunk.Lines;
        lock (_gate)
        {
            _bufferedBytes -= chunk.Length;
            if (chunk.Data.Length == ChunkBytes && _pool.Count < MaxPooledChunks)
            {
                chunk.Length = 0;
                chunk.Lines = 0;
                _pool.Push(chunk);
            }
        }

        if (failed > 0 && !_abandoned)
        {
            Interlocked.Add(ref _droppedLines, failed);
            _diagnostics?.ReportDrop(Signal, "write_failed", failed);
        }

        Interlocked.Add(ref _settled, lines);
        lock (_progressGate)
        {
            Monitor.PulseAll(_progressGate);
        }

        // Async waiters only exist during a coordinated flush; nothing is allocated for them otherwise.
        Interlocked.Exchange(ref _asyncProgress, null)?.TrySetResult();
    }

    private void Run()
    {
        while (true)
        {
            try
            {
                _wake.Wait(_interval);
                _wake.Reset();
                lock (_gate)
                {
                    SealCurrent();
                }

                WritePending();
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                // The writer thread must survive anything; WritePending itself never throws.
            }

            if (_disposed && (_abandoned || Interlocked.Read(ref _settled) >= Interlocked.Read(ref _accepted)))
            {
                return;
            }
        }
    }

    private sealed class Chunk
    {
        public Chunk(int size) => Data = new byte[size];

        public byte[] Data { get; }

        public int Length { get; set; }

        public int Lines { get; set; }
    }
}
