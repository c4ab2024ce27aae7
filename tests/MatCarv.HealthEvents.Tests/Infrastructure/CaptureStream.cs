using System.Text;
using System.Text.Json;

namespace MatCarv.HealthEvents.Tests.Infrastructure;

/// <summary>Collects what the stdout line writer writes (from its background thread), safely readable from the test.</summary>
internal sealed class CaptureStream : Stream
{
    private readonly MemoryStream _inner = new();

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public string[] Lines()
    {
        lock (_inner)
        {
            return Encoding.UTF8.GetString(_inner.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        }
    }

    public JsonElement[] JsonLines() => Lines().Select(l =>
    {
        using var d = JsonDocument.Parse(l);
        return d.RootElement.Clone();
    }).ToArray();

    /// <summary>Lines that are health events (they carry <c>detail-type</c>), as opposed to SDK warnings.</summary>
    public JsonElement[] EventLines() => JsonLines().Where(l => l.TryGetProperty("detail-type", out _)).ToArray();

    /// <summary>SDK warning lines (Powertools schema, level Warning).</summary>
    public string[] Warnings() => JsonLines().Where(l => l.TryGetProperty("level", out var level) && level.GetString() == "Warning")
        .Select(l => l.GetProperty("message").GetString()!).ToArray();

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
