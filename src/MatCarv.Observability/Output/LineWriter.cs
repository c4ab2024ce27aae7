using MatCarv.Observability.Diagnostics;

namespace MatCarv.Observability.Output;

/// <summary>
/// The one UTF-8 line pipeline to stdout, shared by logs and EMF so that their lines never interleave.
/// A caller copies a whole line into the active buffer under a short lock (a memcpy); a background thread swaps buffers
/// and writes the batch with one call, periodically and whenever the active buffer passes the batch size.
/// Lambda and shutdown call <see cref="Flush"/> explicitly. Above <see cref="MaxBufferedBytes"/> lines are dropped and counted.
/// </summary>
internal sealed class LineWriter : IDisposable
{
    /// <summary>Batch size that wakes the background writer early.</summary>
    internal const int BatchBytes = 64 * 1024;

    private readonly Stream _output;
    private readonly SelfDiagnostics? _diagnostics;
    private readonly object _bufferGate = new();
    private readonly object _streamGate = new();
    private readonly ManualResetEventSlim _wake = new(false);
    private readonly Thread? _thread;
    private readonly TimeSpan _interval;
    private byte[] _active;
    private int _activeLength;
    private byte[] _spare;
    private volatile bool _disposed;
    private long _droppedLines;

    public LineWriter(Stream output, TimeSpan flushInterval, int maxBufferedBytes, SelfDiagnostics? diagnostics, bool background = true)
    {
        _output = output;
        _diagnostics = diagnostics;
        _interval = flushInterval;
        MaxBufferedBytes = Math.Max(maxBufferedBytes, BatchBytes);
        _active = new byte[BatchBytes * 2];
        _spare = new byte[BatchBytes * 2];
        if (background)
        {
            _thread = new Thread(Run) { IsBackground = true, Name = "MatCarv.Observability stdout" };
            _thread.Start();
        }
    }

    /// <summary>The most bytes held before lines are dropped.</summary>
    public int MaxBufferedBytes { get; }

    /// <summary>Lines dropped because the buffer was full or the writer was disposed.</summary>
    public long DroppedLines => Interlocked.Read(ref _droppedLines);

    /// <summary>Copies one complete line (without its newline) into the buffer. Never blocks on I/O, never throws.</summary>
    /// <param name="line">The UTF-8 line.</param>
    /// <returns>False when the line was dropped (counted).</returns>
    public bool WriteLine(ReadOnlySpan<byte> line)
    {
        int needed = line.Length + 1;
        bool wake;
        lock (_bufferGate)
        {
            if (_disposed || _activeLength + needed > MaxBufferedBytes)
            {
                _droppedLines++;
                _diagnostics?.ReportDrop("stdout", "buffer_full");
                return false;
            }

            if (_activeLength + needed > _active.Length)
            {
                Array.Resize(ref _active, Math.Min(MaxBufferedBytes, Math.Max(_active.Length * 2, _activeLength + needed)));
            }

            line.CopyTo(_active.AsSpan(_activeLength));
            _active[_activeLength + line.Length] = (byte)'\n';
            _activeLength += needed;
            wake = _activeLength >= BatchBytes;
        }

        if (wake)
        {
            _wake.Set();
        }

        return true;
    }

    /// <summary>Writes everything buffered so far to the stream and flushes it. Safe from any thread.</summary>
    public void Flush()
    {
        lock (_streamGate)
        {
            byte[] batch;
            int length;
            lock (_bufferGate)
            {
                if (_activeLength == 0)
                {
                    return;
                }

                batch = _active;
                length = _activeLength;
                _active = _spare.Length >= BatchBytes * 2 ? _spare : new byte[BatchBytes * 2];
                _activeLength = 0;
            }

            try
            {
                _output.Write(batch, 0, length);
                _output.Flush();
            }
            catch (Exception ex) when (ex is IOException or ObjectDisposedException or NotSupportedException)
            {
                // stdout closed (the reader went away): nothing more can be shown; count what was lost.
                _diagnostics?.ReportDrop("stdout", "write_failed");
            }

            // Keep the larger buffer as the spare, but give back memory after a burst.
            _spare = batch.Length <= BatchBytes * 4 ? batch : new byte[BatchBytes * 2];
        }
    }

    private void Run()
    {
        while (!_disposed)
        {
            _wake.Wait(_interval);
            _wake.Reset();
            try
            {
                Flush();
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                _diagnostics?.ReportDrop("stdout", "write_failed");
            }
        }
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        Flush();
        _disposed = true;
        _wake.Set();
        _thread?.Join(TimeSpan.FromSeconds(2));
        Flush();
        _wake.Dispose();
    }
}
