using System.IO.Pipes;
using System.Text;

namespace MatCarv.Observability.Tests.Support;

/// <summary>
/// A real OS pipe whose reader is stalled until <see cref="Resume"/>: writes block once the pipe's buffer (64 KiB on
/// Linux) is full, exactly like stdout when the log reader stops reading.
/// </summary>
internal sealed class StalledPipe : IDisposable
{
    private readonly AnonymousPipeServerStream _reader = new(PipeDirection.In);
    private readonly MemoryStream _received = new();
    private Task? _drain;

    public StalledPipe()
    {
        Writer = new AnonymousPipeClientStream(PipeDirection.Out, _reader.ClientSafePipeHandle);
    }

    /// <summary>The write end (give it to the code under test).</summary>
    public Stream Writer { get; }

    /// <summary>Starts reading everything written, now and later.</summary>
    public void Resume() => _drain ??= Task.Run(() =>
    {
        var buffer = new byte[64 * 1024];
        int read;
        while ((read = _reader.Read(buffer, 0, buffer.Length)) > 0)
        {
            lock (_received)
            {
                _received.Write(buffer, 0, read);
            }
        }
    });

    public List<string> Lines()
    {
        lock (_received)
        {
            return [.. Encoding.UTF8.GetString(_received.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries)];
        }
    }

    public async Task<List<string>> WaitForLinesAsync(int count, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline && Lines().Count < count)
        {
            await Task.Delay(10);
        }

        return Lines();
    }

    public void Dispose()
    {
        Resume();
        Writer.Dispose();
        _drain?.Wait(TimeSpan.FromSeconds(5));
        _reader.Dispose();
    }
}
