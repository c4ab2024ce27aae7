using System.Security.Cryptography;

namespace MatCarv.Observability.Tracing.Propagation;

/// <summary>
/// Cryptographic randomness and the epoch second for trace ids, cheap enough for every new trace.
/// X-Ray asks for a secure random source (the .NET X-Ray SDK used <c>System.Random</c>); one <see cref="RandomNumberGenerator"/>
/// call per id would cost more than the whole activity, so each thread draws 12 bytes at a time from a 4 KiB buffer it refills
/// from the OS generator. The epoch second is cached per thread for up to 100 ms (X-Ray accepts trace ids whose time part is
/// within minutes of now; the bits only need to be recent).
/// </summary>
internal static class RandomSource
{
    private const int BufferSize = 4096;

    [ThreadStatic]
    private static byte[]? _buffer;

    [ThreadStatic]
    private static int _offset;

    [ThreadStatic]
    private static long _secondsTick;

    [ThreadStatic]
    private static uint _seconds;

    public static void Fill(Span<byte> destination)
    {
        var buffer = _buffer;
        if (buffer is null || _offset + destination.Length > BufferSize)
        {
            buffer = Refill(destination.Length);
        }

        var span = buffer.AsSpan(_offset, destination.Length);
        span.CopyTo(destination);

        // Never hand out the same bytes twice.
        span.Clear();
        _offset += destination.Length;
    }

    public static uint CurrentEpochSeconds()
    {
        var tick = Environment.TickCount64;
        if (_seconds == 0 || tick - _secondsTick >= 100 || tick < _secondsTick)
        {
            // The real wall clock on purpose, not the configured TimeProvider: X-Ray rejects trace ids whose epoch is
            // more than 30 days off, and the trace-id generator is process-wide.
            _seconds = (uint)TimeProvider.System.GetUtcNow().ToUnixTimeSeconds();
            _secondsTick = tick;
        }

        return _seconds;
    }

    private static byte[] Refill(int needed)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(needed, BufferSize);

        var buffer = _buffer ??= new byte[BufferSize];
        RandomNumberGenerator.Fill(buffer);
        _offset = 0;
        return buffer;
    }
}
