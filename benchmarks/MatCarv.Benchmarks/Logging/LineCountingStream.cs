namespace MatCarv.Benchmarks.Logging;

/// <summary>
/// A null stream that counts the JSON lines reaching it (a <c>}</c> followed by a newline), so a benchmark can wait until
/// the last line of an async pipeline was really written: the end-to-end cost, not the enqueue (perf-style.md §5).
/// </summary>
internal sealed class LineCountingStream : Stream
{
    private long _lines;
    private long _bytes;
    private byte _last;

    public long Lines => Volatile.Read(ref _lines);

    public long Bytes => Volatile.Read(ref _bytes);

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => _bytes;

    public override long Position { get => _bytes; set => throw new NotSupportedException(); }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        if (buffer.IsEmpty)
        {
            return;
        }

        long lines = 0;
        byte previous = _last;
        int start = 0;
        while (true)
        {
            int i = buffer[start..].IndexOf((byte)'\n');
            if (i < 0)
            {
                break;
            }

            i += start;
            byte before = i == 0 ? previous : buffer[i - 1];
            if (before == (byte)'}' || (before == (byte)'\r' && i >= 2 && buffer[i - 2] == (byte)'}'))
            {
                lines++;
            }

            start = i + 1;
            if (start >= buffer.Length)
            {
                break;
            }
        }

        _last = buffer[^1];
        Interlocked.Add(ref _bytes, buffer.Length);
        if (lines > 0)
        {
            Interlocked.Add(ref _lines, lines);
        }
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
    {
        Write(buffer.AsSpan(offset, count));
        return Task.CompletedTask;
    }

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        Write(buffer.Span);
        return ValueTask.CompletedTask;
    }

    public override void Flush()
    {
    }

    public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Spins until <paramref name="target"/> lines arrived (the pipeline drained). Throws after 30 s: a stuck pipeline is a bug in the harness.</summary>
    public void WaitFor(long target)
    {
        var spinner = new SpinWait();
        long start = Environment.TickCount64;
        while (Lines < target)
        {
            spinner.SpinOnce(sleep1Threshold: -1);
            if (Environment.TickCount64 - start > 30_000)
            {
                throw new TimeoutException($"Expected {target} lines, saw {Lines}.");
            }
        }
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();
}
