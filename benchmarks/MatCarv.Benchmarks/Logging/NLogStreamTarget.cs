using System.Text;
using NLog;
using NLog.Common;
using NLog.Targets;

namespace MatCarv.Benchmarks.Logging;

/// <summary>
/// NLog has no stream target; this is the minimal equivalent of its file target's write path: render the layout, encode
/// UTF-8 into a reused buffer, one stream write per batch handed over by the async wrapper.
/// </summary>
internal sealed class NLogStreamTarget : TargetWithLayout
{
    private readonly Stream _stream;
    private readonly StringBuilder _text = new(512);
    private byte[] _buffer = new byte[64 * 1024];
    private int _length;

    public NLogStreamTarget(Stream stream) => _stream = stream;

    protected override void Write(LogEventInfo logEvent)
    {
        Append(logEvent);
        FlushBuffer();
    }

    protected override void Write(IList<AsyncLogEventInfo> logEvents)
    {
        for (int i = 0; i < logEvents.Count; i++)
        {
            Append(logEvents[i].LogEvent);
            logEvents[i].Continuation(null);
        }

        FlushBuffer();
    }

    private void Append(LogEventInfo logEvent)
    {
        _text.Clear();
        Layout.Render(logEvent, _text);
        _text.Append('\n');
        int needed = Encoding.UTF8.GetMaxByteCount(_text.Length);
        if (_length + needed > _buffer.Length)
        {
            FlushBuffer();
            if (needed > _buffer.Length)
            {
                _buffer = new byte[needed];
            }
        }

        foreach (var chunk in _text.GetChunks())
        {
            _length += Encoding.UTF8.GetBytes(chunk.Span, _buffer.AsSpan(_length));
        }
    }

    private void FlushBuffer()
    {
        if (_length > 0)
        {
            _stream.Write(_buffer, 0, _length);
            _length = 0;
        }
    }
}
