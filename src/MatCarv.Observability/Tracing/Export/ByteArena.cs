using System.Buffers;

namespace MatCarv.Observability.Tracing.Export;

/// <summary>
/// A growable UTF-8 buffer that <see cref="System.Text.Json.Utf8JsonWriter"/> writes into directly and that can be cut back to an
/// earlier length (a span rewritten trimmed, a datagram rebuilt). One per pending trace and one per datagram under construction,
/// reused for the life of the exporter: after warm-up, serialising a span allocates nothing.
/// </summary>
internal sealed class ByteArena : IBufferWriter<byte>
{
    private byte[] _buffer;
    private int _written;

    public ByteArena(int initialCapacity) => _buffer = new byte[initialCapacity];

    public int WrittenCount => _written;

    public int Capacity => _buffer.Length;

    public ReadOnlySpan<byte> WrittenSpan => _buffer.AsSpan(0, _written);

    public ReadOnlySpan<byte> Slice(int offset, int length) => _buffer.AsSpan(offset, length);

    /// <summary>Forgets everything written after <paramref name="length"/> bytes.</summary>
    public void Truncate(int length) => _written = length;

    public void Write(ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(GetSpan(bytes.Length));
        _written += bytes.Length;
    }

    public void Write(byte value)
    {
        if (_written == _buffer.Length)
        {
            Grow(1);
        }

        _buffer[_written++] = value;
    }

    public void Advance(int count) => _written += count;

    public Memory<byte> GetMemory(int sizeHint = 0)
    {
        Ensure(sizeHint);
        return _buffer.AsMemory(_written);
    }

    public Span<byte> GetSpan(int sizeHint = 0)
    {
        Ensure(sizeHint);
        return _buffer.AsSpan(_written);
    }

    private void Ensure(int sizeHint)
    {
        if (_buffer.Length - _written < Math.Max(sizeHint, 1))
        {
            Grow(sizeHint);
        }
    }

    private void Grow(int sizeHint)
    {
        var next = new byte[Math.Max(_buffer.Length * 2, _written + Math.Max(sizeHint, 256))];
        _buffer.AsSpan(0, _written).CopyTo(next);
        _buffer = next;
    }
}
