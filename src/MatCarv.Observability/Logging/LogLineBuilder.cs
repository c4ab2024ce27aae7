using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using MatCarv.Observability.Logging.Rendering;

namespace MatCarv.Observability.Logging;

/// <summary>
/// Per-thread scratch space for formatting one line: a reused <see cref="Utf8JsonWriter"/> over a reused byte buffer,
/// the message buffer, and the lists used while walking scopes. A line is formatted on the caller's thread and copied
/// whole into the shared stdout batch, so lines never interleave. Re-entrant logging (a <c>ToString</c> that logs)
/// gets a fresh builder rather than corrupting the one in use.
/// </summary>
internal sealed class LogLineBuilder
{
    /// <summary>Nested log calls on one thread beyond this depth are dropped (a <c>ToString</c> that logs itself forever).</summary>
    private const int MaxReentrancy = 4;
    private const int ShrinkAbove = 1024 * 1024;

    private static readonly JsonWriterOptions WriterOptions = new()
    {
        // Relaxed escaping writes UTF-8 as is; quotes, backslashes and every control character (newlines included)
        // are still escaped, which is what keeps one entry on one line.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Indented = false,
    };

    [ThreadStatic]
    private static LogLineBuilder? t_cached;

    [ThreadStatic]
    private static int t_depth;

    private ArrayBufferWriter<byte> _buffer = new(1024);
    private UserKey[] _argumentKeys = new UserKey[8];
    private object?[] _templateArguments = new object?[8];
    private KeyValuePair<string, object?>[] _statePairs = new KeyValuePair<string, object?>[8];
    private int _templateArgumentsUsed;
    private int _statePairsUsed;

    private LogLineBuilder()
    {
        Writer = new Utf8JsonWriter(_buffer, WriterOptions);
    }

    public Utf8JsonWriter Writer { get; private set; }

    public CharBuffer Message { get; } = new();

    /// <summary>The message rendered into its JSON string bytes (the fast path; <see cref="Message"/> is the char path).</summary>
    public Utf8Message Utf8Message { get; } = new();

    public CharBuffer Scratch { get; } = new();

    public List<KeyValuePair<string, object?>> ScopeItems { get; } = new();

    public List<object> OtherScopes { get; } = new();

    /// <summary>The <see cref="LogContext"/> key sets that apply to this line, innermost first.</summary>
    public List<KeyValuePair<string, object?>[]> ContextFrames { get; } = new();

    /// <summary>User keys already written on this line (dedupe; a handful per line, so a list beats a set).</summary>
    public List<string> WrittenKeys { get; } = new();

    public ReadOnlySpan<byte> WrittenSpan => _buffer.WrittenSpan;

    /// <summary>A reused array for the values of a template's holes (cleared when the line is released).</summary>
    public object?[] TemplateArguments(int count)
    {
        if (_templateArguments.Length < count)
        {
            _templateArguments = new object?[Math.Max(count, _templateArguments.Length * 2)];
        }

        _templateArgumentsUsed = Math.Max(_templateArgumentsUsed, count);
        return _templateArguments;
    }

    /// <summary>A reused array for the key/value pairs of a state, read once (cleared when the line is released).</summary>
    public KeyValuePair<string, object?>[] StatePairs(int count)
    {
        if (_statePairs.Length < count)
        {
            _statePairs = new KeyValuePair<string, object?>[Math.Max(count, _statePairs.Length * 2)];
        }

        _statePairsUsed = Math.Max(_statePairsUsed, count);
        return _statePairs;
    }

    /// <summary>A reused array for the keys of an interpolated entry's values.</summary>
    public UserKey[] ArgumentKeys(int count)
    {
        if (_argumentKeys.Length < count)
        {
            _argumentKeys = new UserKey[Math.Max(count, _argumentKeys.Length * 2)];
        }

        return _argumentKeys;
    }

    private bool InUse { get; set; }

    /// <summary>The builder for this thread, or a fresh one when it is in use; null when re-entrancy went too deep.</summary>
    public static LogLineBuilder? Acquire()
    {
        if (t_depth >= MaxReentrancy)
        {
            return null;
        }

        t_depth++;
        var builder = t_cached;
        if (builder is null)
        {
            builder = t_cached = new LogLineBuilder();
        }
        else if (builder.InUse)
        {
            builder = new LogLineBuilder();
        }

        builder.InUse = true;
        builder.Reset();
        return builder;
    }

    public void Release()
    {
        // Do not keep the caller's objects alive through a thread-static.
        Array.Clear(_templateArguments, 0, _templateArgumentsUsed);
        Array.Clear(_statePairs, 0, _statePairsUsed);
        _templateArgumentsUsed = 0;
        _statePairsUsed = 0;
        ContextFrames.Clear();
        InUse = false;
        t_depth--;
        if (_buffer.Capacity > ShrinkAbove)
        {
            // A huge line happened once; do not keep megabytes per thread.
            _buffer = new ArrayBufferWriter<byte>(1024);
            Writer = new Utf8JsonWriter(_buffer, WriterOptions);
        }
    }

    /// <summary>Ends the current line: flushes the writer so <see cref="WrittenSpan"/> holds it.</summary>
    public void Complete() => Writer.Flush();

    private void Reset()
    {
        _buffer.ResetWrittenCount();
        Writer.Reset(_buffer);
        ScopeItems.Clear();
        OtherScopes.Clear();
        ContextFrames.Clear();
        WrittenKeys.Clear();
    }
}
