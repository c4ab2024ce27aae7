using System.Buffers.Binary;
using System.Text;

namespace MatCarv.Observability.Tracing.Otlp;

/// <summary>
/// The protocol-buffers wire format (varint, 64-bit, length-delimited and 32-bit fields), written into one reusable growable
/// buffer on the exporter's background loop. A nested message reserves 4 bytes for its length and, once its content is
/// written, moves the content left when the length needs fewer bytes, so every varint is minimal (some encoders leave padded
/// varints; readers accept them, but the bytes are then not canonical).
/// </summary>
internal sealed class ProtobufWriter
{
    private const int ReservedLengthBytes = 4;
    private const int WireVarint = 0;
    private const int WireFixed64 = 1;
    private const int WireLengthDelimited = 2;
    private const int WireFixed32 = 5;

    private byte[] _buffer;

    public ProtobufWriter(int initialCapacity = 64 * 1024) => _buffer = new byte[initialCapacity];

    /// <summary>Bytes written so far.</summary>
    public int Length { get; private set; }

    public ReadOnlySpan<byte> WrittenSpan => _buffer.AsSpan(0, Length);

    public ReadOnlyMemory<byte> WrittenMemory => _buffer.AsMemory(0, Length);

    public void Reset() => Length = 0;

    /// <summary>Forgets everything written after <paramref name="length"/> (a span rolled back after it turned out too large).</summary>
    public void Truncate(int length) => Length = length;

    /// <summary>Starts a nested message in field <paramref name="field"/>; returns the mark for <see cref="EndMessage"/>.</summary>
    public int StartMessage(int field)
    {
        WriteTag(field, WireLengthDelimited);
        Ensure(ReservedLengthBytes);
        Length += ReservedLengthBytes;
        return Length;
    }

    /// <summary>Ends the message started at <paramref name="mark"/>: writes its length, minimal, before its content.</summary>
    public void EndMessage(int mark)
    {
        int contentLength = Length - mark;
        int lengthBytes = VarintSize((uint)contentLength);
        int lengthStart = mark - ReservedLengthBytes;
        if (lengthBytes < ReservedLengthBytes)
        {
            _buffer.AsSpan(mark, contentLength).CopyTo(_buffer.AsSpan(lengthStart + lengthBytes));
            Length -= ReservedLengthBytes - lengthBytes;
        }

        WriteVarintAt(lengthStart, (uint)contentLength);
    }

    public void WriteString(int field, string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return;
        }

        WriteStringAlways(field, value);
    }

    /// <summary>Writes the string even when empty (inside a oneof, where presence carries meaning).</summary>
    public void WriteStringAlways(int field, string value)
    {
        WriteTag(field, WireLengthDelimited);
        int byteCount = Encoding.UTF8.GetByteCount(value);
        WriteVarint((uint)byteCount);
        Ensure(byteCount);
        Length += Encoding.UTF8.GetBytes(value, _buffer.AsSpan(Length));
    }

    public void WriteBytes(int field, ReadOnlySpan<byte> value)
    {
        WriteTag(field, WireLengthDelimited);
        WriteVarint((uint)value.Length);
        Ensure(value.Length);
        value.CopyTo(_buffer.AsSpan(Length));
        Length += value.Length;
    }

    public void WriteBool(int field, bool value)
    {
        WriteTag(field, WireVarint);
        WriteVarint(value ? 1u : 0u);
    }

    /// <summary>An <c>int64</c>/<c>uint32</c>/enum field (negative values take 10 bytes, as the format defines).</summary>
    public void WriteInt64(int field, long value)
    {
        WriteTag(field, WireVarint);
        WriteVarint((ulong)value);
    }

    public void WriteFixed64(int field, ulong value)
    {
        WriteTag(field, WireFixed64);
        Ensure(8);
        BinaryPrimitives.WriteUInt64LittleEndian(_buffer.AsSpan(Length), value);
        Length += 8;
    }

    public void WriteDouble(int field, double value)
    {
        WriteTag(field, WireFixed64);
        Ensure(8);
        BinaryPrimitives.WriteDoubleLittleEndian(_buffer.AsSpan(Length), value);
        Length += 8;
    }

    public void WriteFixed32(int field, uint value)
    {
        WriteTag(field, WireFixed32);
        Ensure(4);
        BinaryPrimitives.WriteUInt32LittleEndian(_buffer.AsSpan(Length), value);
        Length += 4;
    }

    private void WriteTag(int field, int wireType) => WriteVarint((uint)((field << 3) | wireType));

    private void WriteVarint(ulong value)
    {
        Ensure(10);
        while (value >= 0x80)
        {
            _buffer[Length++] = (byte)(value | 0x80);
            value >>= 7;
        }

        _buffer[Length++] = (byte)value;
    }

    private void WriteVarintAt(int position, uint value)
    {
        while (value >= 0x80)
        {
            _buffer[position++] = (byte)(value | 0x80);
            value >>= 7;
        }

        _buffer[position] = (byte)value;
    }

    private static int VarintSize(uint value) => value < 1 << 7 ? 1 : value < 1 << 14 ? 2 : value < 1 << 21 ? 3 : value < 1 << 28 ? 4 : 5;

    private void Ensure(int extra)
    {
        if (Length + extra > _buffer.Length)
        {
            Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, Length + extra));
        }
    }
}
