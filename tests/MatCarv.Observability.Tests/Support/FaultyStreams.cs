namespace MatCarv.Observability.Tests.Support;

/// <summary>What a closed stdout does: .NET's Unix console stream raises UnauthorizedAccessException (EBADF) on every write.</summary>
internal sealed class ClosedConsoleStream : Stream
{
    public int Writes { get; private set; }

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override void Write(byte[] buffer, int offset, int count)
    {
        Writes++;
        throw new UnauthorizedAccessException("Access to the path is denied.", new IOException("Bad file descriptor"));
    }

    public override void Flush()
    {
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();
}
