using System.Buffers.Binary;

namespace MatCarv.HealthEvents.Publishing;

/// <summary>
/// Event ids without a system call on the caller's thread: an RFC 9562 UUIDv8 whose bits are the run's random id
/// (<see cref="Guid.NewGuid"/> once per process start) XOR the sequence number. Unique within a run (XOR with a constant is a
/// bijection), unpredictable across runs. <see cref="Guid.NewGuid"/> per event measured 1.8 µs on Firecracker (a getrandom
/// system call), nine times the whole publish budget.
/// </summary>
internal static class EventIds
{
    public static Guid Create(ReadOnlySpan<byte> runIdBigEndian, long sequence)
    {
        Span<byte> bytes = stackalloc byte[16];
        runIdBigEndian.CopyTo(bytes);
        var low = BinaryPrimitives.ReadUInt64BigEndian(bytes[8..]) ^ (ulong)sequence;
        BinaryPrimitives.WriteUInt64BigEndian(bytes[8..], low);
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x80); // version 8 (custom)
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80); // variant 10 (RFC 9562)
        return new Guid(bytes, bigEndian: true);
    }

    public static byte[] ToBigEndianBytes(Guid id)
    {
        var bytes = new byte[16];
        id.TryWriteBytes(bytes, bigEndian: true, out _);
        return bytes;
    }
}
