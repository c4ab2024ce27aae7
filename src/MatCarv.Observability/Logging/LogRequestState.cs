namespace MatCarv.Observability.Logging;

/// <summary>
/// What the logger keeps per Lambda invocation or per request: the debug-sampling decision (drawn once, when the
/// invocation or request starts) and the log buffer. Lives as long as the invocation or the request's root activity.
/// </summary>
internal sealed class LogRequestState
{
    private readonly object _gate = new();
    private readonly Queue<byte[]> _lines = new();
    private int _bytes;
    private long _evicted;

    public LogRequestState(bool debugSampled) => DebugSampled = debugSampled;

    /// <summary>True when this invocation or request was picked by debug sampling.</summary>
    public bool DebugSampled { get; }

    /// <summary>Buffers a formatted line; evicts the oldest lines to stay within <paramref name="maxBytes"/>.</summary>
    /// <returns>The number of lines evicted; -1 when the line alone is larger than the buffer (not buffered).</returns>
    public int Add(ReadOnlySpan<byte> line, int maxBytes)
    {
        if (line.Length > maxBytes)
        {
            return -1;
        }

        var copy = line.ToArray();
        int evicted = 0;
        lock (_gate)
        {
            // Powertools buffering rule: the oldest entries go first.
            while (_bytes + copy.Length > maxBytes && _lines.Count > 0)
            {
                _bytes -= _lines.Dequeue().Length;
                evicted++;
            }

            _lines.Enqueue(copy);
            _bytes += copy.Length;
            _evicted += evicted;
        }

        return evicted;
    }

    /// <summary>Takes every buffered line (oldest first) and the count of lines evicted since the last drain.</summary>
    public byte[][] Drain(out long evicted)
    {
        lock (_gate)
        {
            var lines = _lines.Count == 0 ? [] : _lines.ToArray();
            _lines.Clear();
            _bytes = 0;
            evicted = _evicted;
            _evicted = 0;
            return lines;
        }
    }

    /// <summary>Discards the buffer (the invocation or request ended without an error).</summary>
    public int Clear()
    {
        lock (_gate)
        {
            int count = _lines.Count;
            _lines.Clear();
            _bytes = 0;
            _evicted = 0;
            return count;
        }
    }

    public int BufferedBytes
    {
        get
        {
            lock (_gate)
            {
                return _bytes;
            }
        }
    }
}
