using System.Text;

namespace MatCarv.Observability.Tests.Metrics;

/// <summary>A thread-safe in-memory stream.</summary>
internal sealed class CaptureStream : Stream
{
    private readonly MemoryStream _inner = new();

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public List<string> Lines()
    {
        lock (_inner)
        {
            return [.. Encoding.UTF8.GetString(_inner.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries)];
        }
    }

    public override void Write(byte[] buffer, int offset, int count)
    {
        lock (_inner)
        {
            _inner.Write(buffer, offset, count);
        }
    }

    public override void Flush()
    {
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();
}
