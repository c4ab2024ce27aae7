using System.Buffers;
using System.Diagnostics;

namespace MatCarv.Observability.Tracing.Export;

/// <summary>
/// A finished span waiting to be sent, with its JSON object already written (in subsegment form, without the closing brace,
/// in a pooled buffer) so that documents are assembled by copying bytes and sized exactly before they are built.
/// </summary>
internal sealed class SpanNode
{
    private byte[]? _json;

    public SpanNode(Activity activity, bool segment, ReadOnlySpan<byte> json)
    {
        Activity = activity;
        IsSegment = segment;
        SetJson(json);
    }

    public Activity Activity { get; }

    public bool IsSegment { get; }

    public ActivitySpanId SpanId => Activity.SpanId;

    public ActivitySpanId ParentSpanId => Activity.ParentSpanId;

    /// <summary>The object without its closing <c>}</c>: <c>{"id":…,…</c>.</summary>
    public ReadOnlySpan<byte> Json => _json.AsSpan(0, JsonLength);

    /// <summary>Length of <see cref="Json"/>.</summary>
    public int JsonLength { get; private set; }

    public List<SpanNode>? Children { get; set; }

    /// <summary>Bytes of this node with all its children in place (set by <see cref="TraceAssembler"/>).</summary>
    public long SubtreeBytes { get; set; }

    public void SetJson(ReadOnlySpan<byte> json)
    {
        Release();
        _json = ArrayPool<byte>.Shared.Rent(json.Length);
        json[..^1].CopyTo(_json);
        JsonLength = json.Length - 1;
    }

    public void Release()
    {
        if (_json is not null)
        {
            ArrayPool<byte>.Shared.Return(_json);
            _json = null;
        }
    }
}
