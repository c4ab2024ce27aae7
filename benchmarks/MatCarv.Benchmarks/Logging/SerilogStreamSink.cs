using System.Text;
using Serilog.Core;
using Serilog.Events;
using Serilog.Formatting;

namespace MatCarv.Benchmarks.Logging;

/// <summary>
/// Serilog's TextWriter sink (format, then flush the writer per event, as Serilog.Sinks.Console and the core
/// TextWriter sink do), over a 64 KiB buffered UTF-8 writer on the counting stream.
/// </summary>
internal sealed class SerilogStreamSink : ILogEventSink, IDisposable
{
    private readonly ITextFormatter _formatter;
    private readonly StreamWriter _writer;
    private readonly object _gate = new();

    public SerilogStreamSink(ITextFormatter formatter, Stream stream)
    {
        _formatter = formatter;
        _writer = new StreamWriter(stream, new UTF8Encoding(false), 64 * 1024);
    }

    public void Emit(LogEvent logEvent)
    {
        lock (_gate)
        {
            _formatter.Format(logEvent, _writer);
            _writer.Flush();
        }
    }

    public void Dispose() => _writer.Dispose();
}
