using System.Diagnostics;
using MatCarv.Observability.Tracing.Propagation;
using MatCarv.Observability.Tracing.Transport;

namespace MatCarv.Observability.Tracing.Export;

/// <summary>
/// Turns finished activities into X-Ray documents on the background loop. Spans are grouped by their local root (the
/// in-process ancestor without an in-process parent): when the root finishes, it is sent as a segment (a subsegment
/// parented to the Lambda facade in Lambda) with its finished descendants nested inside, as many as fit in one datagram;
/// subtrees that do not fit are sent as separate subsegment documents (<c>type</c>, <c>parent_id</c>, <c>trace_id</c>).
/// Sizes are measured in bytes, not counted in subsegments (the X-Ray SDKs' 100-subsegment threshold still loses documents
/// over 64 KB). A single span too large on its own is trimmed (<see cref="TrimLevel"/>) with a marker, never lost silently.
/// <para>
/// Cost model (issue 11): every span is serialised once, straight from its <see cref="Activity"/>: a root into the datagram
/// buffer itself, a child into its trace's reused arena. No object is allocated per span; nesting is done with index links
/// over a reused struct array, and a document is built by copying the children's bytes after the root's.
/// The daemon takes one document per datagram (aws-xray-daemon: the body after the header line is one segment document), so
/// a trace costs one datagram when it fits in 64 KB. Finished datagrams are queued in a <see cref="DatagramBatch"/> and handed to
/// the sender when it is full or when the owner calls <see cref="SendQueued"/> (end of a drain pass, end of an export call);
/// <see cref="FlushPending"/> sends them itself, so a flush never completes with a datagram still queued.
/// </para>
/// Single-threaded: used by one consumer (the exporter's loop, or an OpenTelemetry exporter's Export call).
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

    /// <summary>Pending-trace objects kept for reuse.</summary>
    private const int PoolLimit = 256;

    /// <summary>Records per trace below which parents are found by a linear scan rather than a hash lookup.</summary>
    private const int LinearLookupLimit = 16;

    /// <summary>An open trace without new finished spans for this long has its pending spans sent.</summary>
    public static readonly TimeSpan IdleTraceTimeout = TimeSpan.FromSeconds(30);

    private static ReadOnlySpan<byte> SubsegmentPrefix => "{\"type\":\"subsegment\",\"parent_id\":\""u8;

    private static ReadOnlySpan<byte> TraceIdPrefix => "\",\"trace_id\":\""u8;

    private static ReadOnlySpan<byte> SubsegmentsOpen => ",\"subsegments\":["u8;

    private readonly TracingSettings _settings;
    private readonly SegmentWriter _writer;
    private readonly SendDatagrams _send;
    private readonly DatagramBatch _batch = new(BatchBytes);
    private readonly Func<ActivitySource, bool> _isExported;
    private readonly Dictionary<Activity, PendingTrace> _open = new(ReferenceEqualityComparer.Instance);
    private readonly Stack<PendingTrace> _pool = new();
    private readonly ByteArena _datagram = new(MaxDatagramBytes + 4096);
    private readonly Dictionary<ActivitySpanId, int> _indexById = new();
    private readonly List<Activity> _idle = new();
    private long[] _sortKeys = new long[64];
    private int[] _sortItems = new int[64];
    private ActivitySource? _lastExportedSource;

    // Roots already sent, so that a late child is sent on its own rather than waiting for a root that will not come again.
    // Two generations rotated every SentRootsGeneration roots bound the memory; a child later than that waits in an open
    // trace until the idle sweep sends it, which is still correct, only later.
    private HashSet<Activity> _sentRoots = new(ReferenceEqualityComparer.Instance);
    private HashSet<Activity> _sentRootsPrevious = new(ReferenceEqualityComparer.Instance);
    private long _pendingBytes;

    public TraceAssembler(TracingSettings settings, SendDatagrams send, Func<ActivitySource, bool> isExported)
    {
        _isExported = isExported;
        _settings = settings;
        _writer = new SegmentWriter(settings);
        _send = send;
    }

    /// <summary>Sends every datagram of a batch (each with its header); never throws. The batch is cleared after the call.</summary>
    public delegate void SendDatagrams(DatagramBatch batch);

    /// <summary>The batch buffer: two largest datagrams, so that a full-size one always fits once the batch is sent.</summary>
    private static int BatchBytes => 2 * MaxDatagramBytes;

    /// <summary>Bytes a standalone subsegment adds to its object: type, parent_id and trace_id.</summary>
    private static int StandaloneExtraBytes => SubsegmentPrefix.Length + 16 + TraceIdPrefix.Length + XRayTraceId.Length + 2 - 1;

    /// <summary>Bytes a document may take after the header line.</summary>
    private static int Budget => MaxDatagramBytes - Header.Length;

    public int OpenTraces => _open.Count;

    public void Dispose() => _writer.Dispose();

    /// <summary>Sends the queued datagrams now (the owner calls it at the end of each pass over its input).</summary>
    public void SendQueued()
    {
        if (_batch.Count == 0)
        {
            return;
        }

        try
        {
            _send(_batch);
        }
        finally
        {
            _batch.Clear();
        }
    }

    public void Add(Activity activity, long now)
    {
        // The local root: the top-most in-process ancestor that this pipeline exports (an ancestor from a source it does not
        // listen to, or that is not recorded, never arrives here and cannot hold its children).
        var root = activity;
        while (root.Parent is { } parent && parent.Recorded && IsExported(parent.Source))
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
            if (finished is not null)
            {
                _pendingBytes -= finished.Bytes;
            }

            SendRoot(activity, lambda ? SegmentKind.StandaloneSubsegment : SegmentKind.Segment, finished);
            if (finished is not null)
            {
                Return(finished);
            }

            return;
        }

        if (!_open.TryGetValue(root, out var trace))
        {
            // The root is still to come (running, or stopped and queued behind this span) unless it was already sent.
            if (_sentRoots.Contains(root) || _sentRootsPrevious.Contains(root) || _open.Count >= MaxOpenTraces)
            {
                SendAlone(activity);
                return;
            }

            trace = Rent();
            trace.TraceId = activity.TraceId;
            _open.Add(root, trace);
        }

        long before = trace.Bytes;
        Append(trace, activity);
        trace.LastAdded = now;
        _pendingBytes += trace.Bytes - before;
        if (trace.Bytes > StreamThresholdBytes)
        {
            _pendingBytes -= trace.Bytes;
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
        try
        {
            foreach (var trace in _open.Values)
            {
                Stream(trace);
                Return(trace);
            }
        }
        finally
        {
            // A failure (counted by the caller) must not leave the same spans to fail again on every later flush.
            _open.Clear();
            _pendingBytes = 0;
            SendQueued();
        }
    }

    /// <summary>Sends the pending spans of traces idle for <see cref="IdleTraceTimeout"/> and forgets them.</summary>
    public void SweepIdle(long now, TimeProvider time)
    {
        _idle.Clear();
        foreach (var (root, trace) in _open)
        {
            if (time.GetElapsedTime(trace.LastAdded, now) >= IdleTraceTimeout)
            {
                _idle.Add(root);
            }
        }

        foreach (var root in _idle)
        {
            if (_open.Remove(root, out var trace))
            {
                _pendingBytes -= trace.Bytes;
                Stream(trace);
                Return(trace);
            }
        }

        _idle.Clear();
    }

    /// <summary>Queues a finished datagram, sending the batch first when it is full.</summary>
    private void Enqueue(ReadOnlySpan<byte> datagram)
    {
        if (!_batch.TryAdd(datagram))
        {
            SendQueued();
            bool added = _batch.TryAdd(datagram);
            Debug.Assert(added, "an empty batch holds any datagram up to MaxDatagramBytes");
        }
    }

    private bool IsExported(ActivitySource source)
    {
        // Nearly every ancestor comes from the source seen last; the configured-name check compares strings.
        if (ReferenceEquals(source, _lastExportedSource))
        {
            return true;
        }

        if (!_isExported(source))
        {
            return false;
        }

        _lastExportedSource = source;
        return true;
    }

    private PendingTrace Rent() => _pool.Count > 0 ? _pool.Pop() : new PendingTrace();

    private void Return(PendingTrace trace)
    {
        trace.Clear();

        // An arena grown by a huge trace is not kept (memory bound: at most PoolLimit × 64 KB + records).
        if (_pool.Count < PoolLimit && trace.Arena.Capacity <= MaxDatagramBytes)
        {
            _pool.Push(trace);
        }
    }

    /// <summary>Serialises a child span into its trace's arena (trimmed when it could never fit a datagram).</summary>
    private void Append(PendingTrace trace, Activity activity)
    {
        var arena = trace.Arena;
        int offset = arena.WrittenCount;
        if (WriteFitting(activity, SegmentKind.Subsegment, arena, offset, Budget - StandaloneExtraBytes))
        {
            trace.Add(activity, offset, arena.WrittenCount - offset);
        }
    }

    /// <summary>
    /// Writes <paramref name="activity"/> at <paramref name="start"/> of <paramref name="output"/> so that the object with its
    /// closing brace takes at most <paramref name="budget"/> bytes, trimming if needed; false (counted) when even trimmed it
    /// does not fit (cannot happen with the trim levels' bounds, but never send an oversized document).
    /// </summary>
    private bool WriteFitting(Activity activity, SegmentKind kind, ByteArena output, int start, int budget)
    {
        _writer.Write(activity, kind, TrimLevel.None, output);
        if (output.WrittenCount - start + 1 <= budget)
        {
            return true;
        }

        for (var level = TrimLevel.Metadata; level <= TrimLevel.Cause; level++)
        {
            output.Truncate(start);
            _writer.Write(activity, kind, level, output);
            if (output.WrittenCount - start + 1 <= budget)
            {
                _settings.Runtime.Diagnostics.ReportDrop("tracing", "document_trimmed");
                return true;
            }
        }

        output.Truncate(start);
        _settings.Runtime.Diagnostics.ReportDrop("tracing", "document_too_large");
        return false;
    }

    /// <summary>A span whose trace is not held (root sent long ago, or too many open traces): one document of its own.</summary>
    private void SendAlone(Activity activity)
    {
        var datagram = _datagram;
        datagram.Truncate(0);
        datagram.Write(Header);
        if (WriteFitting(activity, SegmentKind.StandaloneSubsegment, datagram, Header.Length, Budget))
        {
            datagram.Write((byte)'}');
            Enqueue(datagram.WrittenSpan);
        }
    }

    /// <summary>Sends a root with as many of its trace's pending spans nested as fit; the rest as documents of their own.</summary>
    private void SendRoot(Activity root, SegmentKind kind, PendingTrace? trace)
    {
        var datagram = _datagram;
        datagram.Truncate(0);
        datagram.Write(Header);
        bool written = WriteFitting(root, kind, datagram, Header.Length, Budget);
        if (trace is null || trace.Count == 0)
        {
            if (written)
            {
                datagram.Write((byte)'}');
                Enqueue(datagram.WrittenSpan);
            }

            return;
        }

        int rootChildren = Link(trace, root.SpanId);
        if (written)
        {
            FinishDocument(trace, rootChildren, datagram.WrittenCount - Header.Length + 1, 0);
        }
        else
        {
            // The root itself could not be sent: its children still go, each as a document of its own.
            for (int child = rootChildren; child >= 0; child = trace.Spans[child].NextSibling)
            {
                SendRecord(trace, child, 0);
            }
        }

        SendTops(trace);
    }

    /// <summary>Sends every pending span of <paramref name="trace"/> as standalone subtrees and empties it.</summary>
    private void Stream(PendingTrace trace)
    {
        if (trace.Count > 0)
        {
            Link(trace, default);
            SendTops(trace);
        }

        trace.Clear();
    }

    /// <summary>Sends the records whose parent is neither the root nor another pending span (linked by <see cref="Link"/>).</summary>
    private void SendTops(PendingTrace trace)
    {
        var spans = trace.Spans;
        for (int i = 0; i < trace.Count; i++)
        {
            if (spans[i].SubtreeBytes < 0)
            {
                // Marked by Link: no parent among the pending spans.
                spans[i].SubtreeBytes = -spans[i].SubtreeBytes;
                SendRecord(trace, i, 0);
            }
        }
    }

    /// <summary>
    /// Links every record to its parent (children lists in arrival order) and computes subtree sizes. Returns the first child
    /// of <paramref name="rootId"/>; records with no parent in the trace get a negated size (the tops to send alone).
    /// </summary>
    private int Link(PendingTrace trace, ActivitySpanId rootId)
    {
        var spans = trace.Spans;
        int count = trace.Count;
        bool hashed = count > LinearLookupLimit;
        if (hashed)
        {
            _indexById.Clear();
            for (int i = 0; i < count; i++)
            {
                _indexById.TryAdd(spans[i].SpanId, i);
            }
        }

        int rootFirst = -1;

        // Backwards with prepending: every list ends up in arrival order.
        for (int i = count - 1; i >= 0; i--)
        {
            ref var record = ref spans[i];
            var parentId = record.ParentSpanId;
            if (parentId != default && parentId == rootId)
            {
                record.NextSibling = rootFirst;
                rootFirst = i;
                continue;
            }

            int parent = -1;
            if (parentId != default)
            {
                if (hashed)
                {
                    parent = _indexById.TryGetValue(parentId, out var found) ? found : -1;
                }
                else
                {
                    for (int j = 0; j < count; j++)
                    {
                        if (spans[j].SpanId == parentId)
                        {
                            parent = j;
                            break;
                        }
                    }
                }
            }

            if (parent >= 0 && parent != i)
            {
                record.NextSibling = spans[parent].FirstChild;
                spans[parent].FirstChild = i;
            }
            else
            {
                record.NextSibling = -2; // a top: resolved below
            }
        }

        if (hashed)
        {
            _indexById.Clear();
        }

        for (int i = 0; i < count; i++)
        {
            if (spans[i].NextSibling == -2)
            {
                spans[i].NextSibling = -1;
                spans[i].SubtreeBytes = -ComputeSize(spans, i);
            }
        }

        for (int child = rootFirst; child >= 0; child = spans[child].NextSibling)
        {
            ComputeSize(spans, child);
        }

        return rootFirst;
    }

    private static long ComputeSize(SpanRecord[] spans, int index)
    {
        long size = spans[index].Length + 1;
        int children = 0;
        for (int child = spans[index].FirstChild; child >= 0; child = spans[child].NextSibling)
        {
            size += ComputeSize(spans, child);
            children++;
        }

        if (children > 0)
        {
            size += SubsegmentsOpen.Length + children; // commas between children and the closing ]
        }

        spans[index].SubtreeBytes = size;
        return size;
    }

    /// <summary>Sends record <paramref name="index"/> as a standalone subsegment document with as many of its children as fit.</summary>
    private void SendRecord(PendingTrace trace, int index, int scratch)
    {
        ref var record = ref trace.Spans[index];
        var datagram = _datagram;
        datagram.Truncate(0);
        datagram.Write(Header);
        datagram.Write(SubsegmentPrefix);

        // The prefix ends with the opening quote of parent_id; the quoted forms carry their own quotes.
        datagram.Truncate(datagram.WrittenCount - 1);
        XRayIds.WriteQuotedSpanId(record.ParentSpanId, datagram.GetSpan(XRayIds.QuotedSpanIdLength));
        datagram.Advance(XRayIds.QuotedSpanIdLength);
        datagram.Write(",\"trace_id\":"u8);
        XRayIds.WriteQuotedTraceId(trace.TraceId, datagram.GetSpan(XRayIds.QuotedTraceIdLength));
        datagram.Advance(XRayIds.QuotedTraceIdLength);
        datagram.Write((byte)',');
        datagram.Write(trace.Arena.Slice(record.Offset + 1, record.Length - 1));
        FinishDocument(trace, record.FirstChild, StandaloneExtraBytes + record.Length + 1, scratch);
    }

    /// <summary>
    /// The datagram holds a document's open object (<paramref name="size"/> bytes once closed): nests the smallest child
    /// subtrees first while they fit, closes and sends it, then sends the children left out as documents of their own.
    /// </summary>
    private void FinishDocument(PendingTrace trace, int firstChild, long size, int scratch)
    {
        var spans = trace.Spans;
        int children = 0;
        for (int child = firstChild; child >= 0; child = spans[child].NextSibling)
        {
            children++;
        }

        if (children == 0)
        {
            _datagram.Write((byte)'}');
            Enqueue(_datagram.WrittenSpan);
            return;
        }

        // Smallest subtrees first: the most spans stay nested in this document. Scratch arrays are used as a stack
        // (this call's children at [scratch, scratch + children), nested calls above), so nothing is allocated per document.
        EnsureScratch(scratch + children);
        int n = 0;
        for (int child = firstChild; child >= 0; child = spans[child].NextSibling)
        {
            _sortItems[scratch + n] = child;
            _sortKeys[scratch + n] = spans[child].SubtreeBytes;
            n++;
        }

        Array.Sort(_sortKeys, _sortItems, scratch, children);
        int included = 0;
        long budget = Budget;
        for (; included < children; included++)
        {
            long cost = spans[_sortItems[scratch + included]].SubtreeBytes + (included == 0 ? SubsegmentsOpen.Length + 1 : 1);
            if (size + cost > budget)
            {
                break;
            }

            size += cost;
        }

        var datagram = _datagram;
        if (included > 0)
        {
            datagram.Write(SubsegmentsOpen);
            for (int i = 0; i < included; i++)
            {
                if (i > 0)
                {
                    datagram.Write((byte)',');
                }

                WriteSubtree(trace, _sortItems[scratch + i]);
            }

            datagram.Write((byte)']');
        }

        datagram.Write((byte)'}');
        Debug.Assert(datagram.WrittenCount - Header.Length == size, "document size must match the computed size");
        Enqueue(datagram.WrittenSpan);
        for (int i = included; i < children; i++)
        {
            SendRecord(trace, _sortItems[scratch + i], scratch + children);
        }
    }

    private void WriteSubtree(PendingTrace trace, int index)
    {
        ref var record = ref trace.Spans[index];
        var datagram = _datagram;
        datagram.Write(trace.Arena.Slice(record.Offset, record.Length));
        if (record.FirstChild >= 0)
        {
            datagram.Write(SubsegmentsOpen);
            for (int child = record.FirstChild; child >= 0; child = trace.Spans[child].NextSibling)
            {
                if (child != record.FirstChild)
                {
                    datagram.Write((byte)',');
                }

                WriteSubtree(trace, child);
            }

            datagram.Write((byte)']');
        }

        datagram.Write((byte)'}');
    }

    private void EnsureScratch(int length)
    {
        if (_sortItems.Length < length)
        {
            int size = Math.Max(length, _sortItems.Length * 2);
            Array.Resize(ref _sortItems, size);
            Array.Resize(ref _sortKeys, size);
        }
    }
}
