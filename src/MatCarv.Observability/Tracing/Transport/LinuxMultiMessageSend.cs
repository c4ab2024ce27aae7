using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace MatCarv.Observability.Tracing.Transport;

/// <summary>
/// <c>sendmmsg(2)</c> on Linux: several datagrams on a connected UDP socket in one syscall. Source-generated interop
/// (<see cref="LibraryImportAttribute"/>: no reflection, no runtime marshalling stubs, so Native AOT and trimming stay clean).
/// The structures follow the kernel's <c>struct mmsghdr</c> / <c>struct msghdr</c> / <c>struct iovec</c> with natural
/// alignment (glibc and, on little-endian machines, musl, whose 32-bit length fields plus padding read the same as a
/// pointer-sized length below 4 GB). Callers fall back to one send per datagram on any error.
/// </summary>
internal static unsafe partial class LinuxMultiMessageSend
{
    /// <summary>errno: interrupted by a signal before anything was sent (retry).</summary>
    public const int EINTR = 4;

    /// <summary>Linux only, and only where the layouts above are the kernel's (little-endian).</summary>
    public static bool IsSupported => OperatingSystem.IsLinux() && BitConverter.IsLittleEndian;

    /// <summary>
    /// True when <paramref name="error"/> says the syscall cannot work in this process at all (an old kernel or a seccomp
    /// profile without it, or a layout the kernel does not accept): stop trying it.
    /// </summary>
    public static bool IsPermanent(int error) => error is 1 /* EPERM */ or 14 /* EFAULT */ or 22 /* EINVAL */ or 38 /* ENOSYS */ or 95 /* EOPNOTSUPP */;

    /// <summary>
    /// Sends datagrams <paramref name="first"/>.. of <paramref name="batch"/> on the connected <paramref name="socket"/>.
    /// Returns how many the kernel took (the first ones, in order; fewer than asked is a partial send), or -1 with
    /// <paramref name="error"/> set to errno when it took none.
    /// </summary>
    public static int Send(SafeSocketHandle socket, DatagramBatch batch, int first, out int error)
    {
        int count = batch.Count - first;
        var vectors = stackalloc IoVector[count];
        var messages = stackalloc MultiMessageHeader[count];
        fixed (byte* buffer = batch.Buffer)
        {
            for (int i = 0; i < count; i++)
            {
                vectors[i].Base = buffer + batch.Start(first + i);
                vectors[i].Length = (nuint)batch.Length(first + i);
                messages[i] = default;
                messages[i].Header.Vectors = vectors + i;
                messages[i].Header.VectorCount = 1;
            }

            int sent = SendMultiple(socket, messages, (uint)count, 0);
            error = sent < 0 ? Marshal.GetLastPInvokeError() : 0;
            return sent;
        }
    }

    [LibraryImport("libc", EntryPoint = "sendmmsg", SetLastError = true)]
    private static partial int SendMultiple(SafeSocketHandle socket, MultiMessageHeader* messages, uint count, int flags);

    /// <summary><c>struct iovec</c>.</summary>
    [StructLayout(LayoutKind.Sequential)]
    private struct IoVector
    {
        public byte* Base;
        public nuint Length;
    }

    /// <summary><c>struct msghdr</c>: no address (the socket is connected), no control data.</summary>
    [StructLayout(LayoutKind.Sequential)]
    private struct MessageHeader
    {
        public void* Name;
        public uint NameLength;
        public IoVector* Vectors;
        public nuint VectorCount;
        public void* Control;
        public nuint ControlLength;
        public int Flags;
    }

    /// <summary><c>struct mmsghdr</c>: the header and the bytes the kernel sent for it.</summary>
    [StructLayout(LayoutKind.Sequential)]
    private struct MultiMessageHeader
    {
        public MessageHeader Header;
        public uint Length;
    }
}
