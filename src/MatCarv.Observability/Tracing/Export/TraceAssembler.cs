using System.Diagnostics;
using MatCarv.Observability.Tracing.Propagation;

namespace MatCarv.Observability.Tracing.Export;

/// <summary>
/// Turns finished activities into X-Ray documents on the background loop. Spans are grouped by their local root (the
/// in-process ancestor without an in-process parent): when the root finishes, it is sent as a segment (a subsegment
/// parented to the Lambda facade in Lambda) with its finished descendants nested inside, as many as fit in one datagram;
/// subtrees that do not fit are sent as separate subsegment documents (<c>type</c>, <c>parent_id</c>, <c>trace_id</c>).
/// Sizes are measured in bytes, not counted in subsegments (the X-Ray SDKs' 100-subsegment threshold still loses documents
/// over 64 KB). A single span too large on its own is trimmed (<see cref="TrimLevel"/>) with a marker, never lost silently.
/// </summary>
internal sealed class TraceAssembler : IDisposable
{
    /// <summary>The daemon's datagram header (X-Ray daemon protocol: header line, newline, one document).</summary>
    public static ReadOnlySpan<byte> Header => "{\"format\":\"json\",\"version\":1}\n"u8;

    /// <summary>
    /// The largest datagram sent, header included. The daemon reads 64 KB per packet and UDP carries at most 65,507 bytes;
    /// 64,000 stays under both with room to spare.
    /// </summary>
    public const int MaxDatagramBytes = 64_000;

    /// <summary>Pending finished spans of one open trace beyond which finished subtrees are streamed out early.</summary>
    public const int StreamThresholdBytes = MaxDatagramBytes;

    /// <summary>All pending bytes across open traces beyond which everything pending is streamed out (memory bound).</summary>
    public const long MaxPendingBytes = 8L * 1024 * 1024;

    /// <summary>Open traces tracked at once; spans of further traces are sent on their own at once.</summary>
    public const int MaxOpenTraces = 10_000;

    /// <summary>Sent roots remembered per generation (two generations are kept).</summary>
    public const int SentRootsGeneration = 4096;

    /// <summary>An open trace without new finished spans for this long has its pending spans sent.</summary>
    public static readonly TimeSpan IdleTraceTimeout = TimeSpan.FromSeconds(30);

    private static ReadOnlySpan<byte> SubsegmentPrefix => "{\"type\":\"subsegment\",\"parent_id\":\""u8;

    private static ReadOnlySpan<byte> TraceIdPrefix => "\",\"trace_id\":\""u8;

    private static ReadOnlySpan<byte> SubsegmentsOpen => ",\"subsegments\":["u8;

    private readonly TracingSettings _settings;
    private readonly SegmentWriter _writer;
    private readonly SendDatagram _send;
    private readonly Dictionary<Activity, PendingTrace> _open = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<ActivitySpanId, SpanNode> _index = new();
    private readonly List<SpanNode> _roots = new();
    private readonly byte[] _datagram = new byte[MaxDatagramBytes];
    private readonly Func<ActivitySource, bool> _isExported;

    // Roots already sent, so that a late child is sent on its own rather than waiting for a root that will not come again.
    // Two generations rotated every SentRootsGeneration roots bound the memory; a child later than that waits in an open
    // trace until the idle sweep sends it, which is still correct, only later.
    private HashSet<Activity> _sentRoots = new(ReferenceEqualityComparer.Instance);
    private HashSet<Activity> _sentRootsPrevious = new(ReferenceEqualityComparer.Instance);
    private long _pendingBytes;

    public TraceAssembler(TracingSettings settings, SendDatagram send, Func<ActivitySource, bool> isExported)
    {
        _isExported = isExported;
        _settings = settings;
        _writer = new SegmentWriter(settings);
        _send = send;
    }

    /// <summary>Sends one datagram (header included); never throws.</summary>
    public delegate void SendDatagram(ReadOnlySpan<byte> datagram);

    /// <summary>Bytes a standalone subsegment adds to its object: type, parent_id and trace_id.</summary>
    private static int StandaloneExtraBytes => SubsegmentPrefix.Length + 16 + TraceIdPrefix.Length + XRayTraceId.Length + 2 - 1;

    public int OpenTraces => _open.Count;

    public void Dispose() => _writer.Dispose();

    public void Add(Activity activity, long now)
    {
        // The local root: the top-most in-process ancestor that this pipeline exports (an ancestor from a source it does not
        // listen to, or that is not recorded, never arrives here and cannot hold its children).
        var root = activity;
        while (root.Parent is { } parent && parent.Recorded && _isExported(parent.Source))
        {
            root = parent;
        }

        bool lambda = _settings.IsLambda || SpanExtras.Get(root)?.IsLambdaInvocation == true;
        if (lambda && root.ParentSpanId == default)
        {
            // Lambda: only subsegments of the function's facade segment may be sent; without Parent= there is nothing to attach to.
            _settings.Runtime.Diagnostics.ReportDrop("tracing", "lambda_without_parent");
            return;
        }

        if (ReferenceEquals(root, activity))
        {
            if (_sentRoots.Count >= SentRootsGeneration)
            {
                (_sentRoots, _sentRootsPrevious) = (_sentRootsPrevious, _sentRoots);
                _sentRoots.Clear();
            }

            _sentRoots.Add(root);
            _open.Remove(root, out var finished);
            var rootNode = NewNode(activity, segment: !lambda);
            Emit(rootNode, finished?.Nodes);
            if (finished is not null)
            {
                _pendingBytes -= finished.Bytes;
            }

            return;
        }

        if (!_open.TryGetValue(root, out var trace))
        {
            // The root is still to come (running, or stopped and queued behind this span) unless it was already sent.
            if (_sentRoots.Contains(root) || _sentRootsPrevious.Contains(root) || _open.Count >= MaxOpenTraces)
            {
                Emit(null, [NewNode(activity, segment: false)]);
                return;
            }

            trace = new PendingTrace();
            _open.Add(root, trace);
        }

        var node = NewNode(activity, segment: false);
        trace.Nodes.Add(node);
        trace.Bytes += node.JsonLength;
        trace.LastAdded = now;
        _pendingBytes += node.JsonLength;
        if (trace.Bytes > StreamThresholdBytes)
        {
            Stream(trace);
        }

        if (_pendingBytes > MaxPendingBytes)
        {
            FlushPending();
        }
    }

    /// <summary>Sends the finished spans of traces whose root is still open (flush, shutdown, idle traces).</summary>
    public void FlushPending()
    {
        foreach (var trace in _open.Values)
        {
            Stream(trace);
        }

        _open.Clear();
        _pendingBytes = 0;
    }

    /// <summary>Sends the pending spans of traces idle for <see cref="IdleTraceTimeout"/> and forgets them.</summary>
    public void SweepIdle(long now, TimeProvider time)
    {
        List<Activity>? idle = null;
        foreach (var (root, trace) in _open)
        {
            if (time.GetElapsedTime(trace.LastAdded, now) >= IdleTraceTimeout)
            {
                (idle ??= new()).Add(root);
            }
        }

        if (idle is null)
        {
            return;
        }

        foreach (var root in idle)
        {
            if (_open.Remove(root, out var trace))
            {
                Stream(trace);
            }
        }
    }

    private void Stream(PendingTrace trace)
    {
        if (trace.Nodes.Count == 0)
        {
            return;
        }

        _pendingBytes -= trace.Bytes;
        var nodes = trace.Nodes.ToArray();
        trace.Nodes.Clear();
        trace.Bytes = 0;
        Emit(null, nodes);
    }

    private SpanNode NewNode(Activity activity, bool segment) => new(activity, segment, _writer.Write(activity, segment, TrimLevel.None));

    /// <summary>Links <paramref name="nodes"/> under <paramref name="root"/> (or among themselves) and sends every resulting tree.</summary>
    private void Emit(SpanNode? root, IReadOnlyList<SpanNode>? nodes)
    {
        _index.Clear();
        _roots.Clear();
        if (root is not null)
        {
            _index[root.SpanId] = root;
            _roots.Add(root);
        }

        if (nodes is not null)
        {
            foreach (var node in nodes)
            {
                _index.TryAdd(node.SpanId, node);
            }

            foreach (var node in nodes)
            {
                if (node.ParentSpanId != default && _index.TryGetValue(node.ParentSpanId, out var parent) && !ReferenceEquals(parent, node))
                {
                    (parent.Children ??= new List<SpanNode>()).Add(node);
                }
                else
                {
                    _roots.Add(node);
                }
            }
        }

        var roots = _roots.ToArray();
        _index.Clear();
        _roots.Clear();
        foreach (var tree in roots)
        {
            ComputeSizes(tree);
            EmitDocument(tree);
        }
    }

    private static long ComputeSizes(SpanNode node)
    {
        long size = node.JsonLength + 1;
        if (node.Children is { Count: > 0 } children)
        {
            size += SubsegmentsOpen.Length + children.Count; // commas between children and the closing ]
            foreach (var child in children)
            {
                size += ComputeSizes(child);
            }
        }

        node.SubtreeBytes = size;
        return size;
    }

    /// <summary>Sends <paramref name="node"/> as a document with as many whole child subtrees as fit; the rest become documents of their own.</summary>
    private void EmitDocument(SpanNode node)
    {
        int budget = MaxDatagramBytes - Header.Length;
        int extra = node.IsSegment ? 0 : StandaloneExtraBytes;
        if (extra + node.JsonLength + 1 > budget && !Trim(node, budget - extra))
        {
            // Even trimmed it does not fit (cannot happen with the trim levels' bounds, but never send an oversized document).
            _settings.Runtime.Diagnostics.ReportDrop("tracing", "document_too_large");
            node.Release();
            foreach (var orphan in node.Children ?? [])
            {
                EmitDocument(orphan);
            }

            return;
        }

        long size = extra + node.JsonLength + 1;
        List<SpanNode>? detached = null;
        int included = 0;
        if (node.Children is { Count: > 0 } children)
        {
            // Smallest subtrees first: the most spans stay nested in this document.
            children.Sort(static (a, b) => a.SubtreeBytes.CompareTo(b.SubtreeBytes));
            for (int i = 0; i < children.Count; i++)
            {
                var cost = children[i].SubtreeBytes + (included == 0 ? SubsegmentsOpen.Length + 1 : 1);
                if (size + cost <= budget)
                {
                    // Keep included children at the front of the list.
                    (children[included], children[i]) = (children[i], children[included]);
                    included++;
                    size += cost;
                }
                else
                {
                    (detached ??= new()).Add(children[i]);
                }
            }
        }

        var buffer = _datagram.AsSpan();
        int position = 0;
        Header.CopyTo(buffer);
        position += Header.Length;
        if (node.IsSegment)
        {
            node.Json.CopyTo(buffer[position..]);
            position += node.JsonLength;
        }
        else
        {
            SubsegmentPrefix.CopyTo(buffer[position..]);
            position += SubsegmentPrefix.Length;
            Span<byte> id = stackalloc byte[8];
            node.ParentSpanId.CopyTo(id);
            XRayTraceId.WriteHex(id, buffer.Slice(position, 16));
            position += 16;
            TraceIdPrefix.CopyTo(buffer[position..]);
            position += TraceIdPrefix.Length;
            XRayTraceId.FormatUtf8(node.Activity.TraceId, buffer[position..]);
            position += XRayTraceId.Length;
            buffer[position++] = (byte)'"';
            buffer[position++] = (byte)',';
            node.Json[1..].CopyTo(buffer[position..]);
            position += node.JsonLength - 1;
        }

        if (included > 0)
        {
            SubsegmentsOpen.CopyTo(buffer[position..]);
            position += SubsegmentsOpen.Length;
            for (int i = 0; i < included; i++)
            {
                if (i > 0)
                {
                    buffer[position++] = (byte)',';
                }

                position = WriteSubtree(node.Children![i], buffer, position);
            }

            buffer[position++] = (byte)']';
        }

        buffer[position++] = (byte)'}';
        Debug.Assert(position - Header.Length == size, "document size must match the computed size");
        _send(buffer[..position]);
        node.Release();
        if (detached is not null)
        {
            foreach (var child in detached)
            {
                EmitDocument(child);
            }
        }
    }

    private static int WriteSubtree(SpanNode node, Span<byte> buffer, int position)
    {
        node.Json.CopyTo(buffer[position..]);
        position += node.JsonLength;
        if (node.Children is { Count: > 0 } children)
        {
            SubsegmentsOpen.CopyTo(buffer[position..]);
            position += SubsegmentsOpen.Length;
            for (int i = 0; i < children.Count; i++)
            {
                if (i > 0)
                {
                    buffer[position++] = (byte)',';
                }

                position = WriteSubtree(children[i], buffer, position);
            }

            buffer[position++] = (byte)']';
        }

        buffer[position++] = (byte)'}';
        node.Release();
        return position;
    }

    private bool Trim(SpanNode node, int budget)
    {
        for (var level = TrimLevel.Metadata; level <= TrimLevel.Cause; level++)
        {
            node.SetJson(_writer.Write(node.Activity, node.IsSegment, level));
            if (node.JsonLength + 1 <= budget)
            {
                _settings.Runtime.Diagnostics.ReportDrop("tracing", "document_trimmed");
                return true;
            }
        }

        return false;
    }

    private sealed class PendingTrace
    {
        public List<SpanNode> Nodes { get; } = new();

        public long Bytes { get; set; }

        public long LastAdded { get; set; }
    }
}
