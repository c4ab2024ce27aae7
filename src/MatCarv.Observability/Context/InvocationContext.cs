using MatCarv.Observability.Tracing.Propagation;

namespace MatCarv.Observability.Context;

/// <summary>
/// The unit of work in progress: a Lambda invocation, or a request or job scope opened by the application.
/// It flows with the async context (<see cref="AsyncLocal{T}"/>), so concurrent invocations never see each other's facts.
/// </summary>
public sealed class InvocationContext
{
    private static readonly AsyncLocal<InvocationContext?> CurrentContext = new();
    private string? _correlationId;
    private Logging.Context.LogKeyFrame? _logKeys;

    internal InvocationContext(
        string? requestId,
        string? functionArn,
        string? functionName,
        string? functionVersion,
        int? memorySize,
        bool coldStart,
        XRayTraceHeader? traceHeader,
        DateTimeOffset? deadline)
    {
        RequestId = requestId;
        FunctionArn = functionArn;
        FunctionName = functionName;
        FunctionVersion = functionVersion;
        FunctionMemorySize = memorySize;
        IsColdStart = coldStart;
        TraceHeader = traceHeader;
        Deadline = deadline;
    }

    /// <summary>The invocation in progress on this async flow, or null.</summary>
    public static InvocationContext? Current => CurrentContext.Value;

    /// <summary>The Lambda request id, or the scope's id.</summary>
    public string? RequestId { get; }

    /// <summary>The invoked function ARN (Lambda only).</summary>
    public string? FunctionArn { get; }

    /// <summary>The function name (Lambda only).</summary>
    public string? FunctionName { get; }

    /// <summary>The function version (Lambda only).</summary>
    public string? FunctionVersion { get; }

    /// <summary>The function memory size in MB (Lambda only).</summary>
    public int? FunctionMemorySize { get; }

    /// <summary>True for the first invocation of the process (never under provisioned concurrency).</summary>
    public bool IsColdStart { get; }

    /// <summary>The X-Ray trace header of the invocation (Lambda: <c>_X_AMZN_TRACE_ID</c>), if any.</summary>
    public XRayTraceHeader? TraceHeader { get; }

    /// <summary>When the invocation must have flushed everything (derived from the remaining time), if known.</summary>
    public DateTimeOffset? Deadline { get; }

    /// <summary>A correlation id for this invocation or request, written as <c>correlation_id</c> on every log line.</summary>
    public string? CorrelationId
    {
        get => Volatile.Read(ref _correlationId);
        set => Volatile.Write(ref _correlationId, value);
    }

    /// <summary>Whether this is a Lambda invocation (as opposed to a request or job scope).</summary>
    public bool IsLambda => FunctionArn is not null || FunctionName is not null;

    /// <summary>
    /// The invocation's span and the <see cref="System.Diagnostics.Activity.Current"/> it replaced, kept by the tracing
    /// listener of the telemetry that created this context (one context per <c>BeginInvocation</c>): a field, not a
    /// dictionary keyed by context, so opening an invocation allocates nothing and needs no generic code over a value type.
    /// </summary>
    internal System.Diagnostics.Activity? OpenSpan;

    /// <summary>What <see cref="System.Diagnostics.Activity.Current"/> was before <see cref="OpenSpan"/> started.</summary>
    internal System.Diagnostics.Activity? SpanPrevious;

    /// <summary>The keys appended to this invocation (<c>LogContext.AppendKey</c>), if any.</summary>
    internal Logging.Context.LogKeyFrame? LogKeys => Volatile.Read(ref _logKeys);

    internal Logging.Context.LogKeyFrame GetOrCreateLogKeys()
    {
        var keys = Volatile.Read(ref _logKeys);
        return keys ?? Interlocked.CompareExchange(ref _logKeys, keys = new Logging.Context.LogKeyFrame(), null) ?? keys;
    }

    internal static InvocationContext? Swap(InvocationContext? context)
    {
        var previous = CurrentContext.Value;
        CurrentContext.Value = context;
        return previous;
    }
}
