using System.Text.Json;

namespace MatCarv.Observability.Tests.Flood;

/// <summary>
/// stdout for a log flood, checked as it is written (a million lines are not kept): every line must be one complete JSON
/// object; a line with integer <c>thread</c> and <c>index</c> keys (the template's names as the logger writes them) marks that call as written (a second mark is a
/// duplicate). Other lines (the SDK's own warnings) are counted apart.
/// </summary>
internal sealed class FloodLogStream : Stream
{
    private readonly bool[][] _seen;
    private readonly List<byte> _partial = [];

    public FloodLogStream(int threads, int callsPerThread)
    {
        _seen = Enumerable.Range(0, threads).Select(_ => new bool[callsPerThread]).ToArray();
    }

    public long Written { get; private set; }

    public long Duplicates { get; private set; }

    public long InvalidLines { get; private set; }

    public long OtherLines { get; private set; }

    /// <summary>The first line that was neither a flood line nor invalid (for the report).</summary>
    public string? FirstOtherLine { get; private set; }

    public List<string> Warnings { get; } = [];

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        lock (_partial)
        {
            while (!buffer.IsEmpty)
            {
                int newline = buffer.IndexOf((byte)'\n');
                if (newline < 0)
                {
                    _partial.AddRange(buffer);
                    return;
                }

                if (_partial.Count > 0)
                {
                    _partial.AddRange(buffer[..newline]);
                    Check(_partial.ToArray());
                    _partial.Clear();
                }
                else
                {
                    Check(buffer[..newline]);
                }

                buffer = buffer[(newline + 1)..];
            }
        }
    }

    public override void Flush()
    {
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    private void Check(ReadOnlySpan<byte> line)
    {
        int thread = -1;
        int index = -1;
        try
        {
            var reader = new Utf8JsonReader(line);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                InvalidLines++;
                return;
            }

            while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
            {
                if (reader.TokenType == JsonTokenType.PropertyName && reader.CurrentDepth == 1)
                {
                    bool isThread = reader.ValueTextEquals("thread"u8);
                    bool isIndex = reader.ValueTextEquals("index"u8);
                    bool isMessage = reader.ValueTextEquals("message"u8);
                    reader.Read();
                    if (isThread && reader.TokenType == JsonTokenType.Number)
                    {
                        thread = reader.GetInt32();
                    }
                    else if (isIndex && reader.TokenType == JsonTokenType.Number)
                    {
                        index = reader.GetInt32();
                    }
                    else if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
                    {
                        reader.Skip();
                    }
                    else if (isMessage && reader.TokenType == JsonTokenType.String && Warnings.Count < 20)
                    {
                        var message = reader.GetString()!;
                        if (message.StartsWith("MatCarv", StringComparison.Ordinal))
                        {
                            Warnings.Add(message);
                        }
                    }
                }
            }

            if (reader.TokenType != JsonTokenType.EndObject || reader.BytesConsumed != line.Length)
            {
                InvalidLines++;
                return;
            }
        }
        catch (JsonException)
        {
            InvalidLines++;
            return;
        }

        if (thread < 0 || index < 0 || thread >= _seen.Length || index >= _seen[thread].Length)
        {
            FirstOtherLine ??= System.Text.Encoding.UTF8.GetString(line);
            OtherLines++;
            return;
        }

        if (_seen[thread][index])
        {
            Duplicates++;
        }
        else
        {
            _seen[thread][index] = true;
            Written++;
        }
    }
}
