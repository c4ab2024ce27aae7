using MatCarv.Observability.Context;
using MatCarv.Observability.Tracing.Propagation;

namespace MatCarv.Observability.Lambda;

/// <summary>
/// The facts of one Lambda invocation. Amazon.Lambda.Core is not a dependency; map <c>ILambdaContext</c> in one line:
/// <code>new LambdaInvocation(context.AwsRequestId, context.InvokedFunctionArn) { RemainingTime = context.RemainingTime, TraceHeader = context.TraceId }</code>
/// </summary>
public sealed class LambdaInvocation
{
    private readonly string? _traceHeader;
    private readonly string? _correlationId;

    /// <summary>Creates the facts of an invocation.</summary>
    /// <param name="requestId">The request id (<c>ILambdaContext.AwsRequestId</c>).</param>
    /// <param name="invokedFunctionArn">The invoked function ARN (<c>ILambdaContext.InvokedFunctionArn</c>).</param>
    public LambdaInvocation(string requestId, string? invokedFunctionArn = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(requestId);
        RequestId = requestId;
        InvokedFunctionArn = invokedFunctionArn;
    }

    /// <summary>The request id.</summary>
    public string RequestId { get; }

    /// <summary>The invoked function ARN, if known.</summary>
    public string? InvokedFunctionArn { get; }

    /// <summary>The time left before Lambda stops the invocation (<c>ILambdaContext.RemainingTime</c>); sets the flush deadline.</summary>
    public TimeSpan? RemainingTime { get; init; }

    /// <summary>
    /// The X-Ray trace header of this invocation: <c>ILambdaContext.TraceId</c> (Amazon.Lambda.Core 2.7.1 and later, .NET 8
    /// and later; the runtime's <c>Lambda-Runtime-Trace-Id</c>, e.g. <c>Root=1-…;Parent=…;Sampled=1</c>). Pass it: with it,
    /// invocations that run at the same time never share a trace id. When null or empty, <c>_X_AMZN_TRACE_ID</c> is read at the
    /// start of the invocation, except under Lambda Managed Instances (<c>AWS_LAMBDA_MAX_CONCURRENCY</c> set), where the
    /// runtime does not set that variable per invocation and the invocation gets no trace header (announced once).
    /// </summary>
    public string? TraceHeader
    {
        get => _traceHeader;
        init => _traceHeader = string.IsNullOrWhiteSpace(value) ? null : value;
    }

    /// <summary>
    /// The invocation's correlation id, written as <c>correlation_id</c> on every log line of the invocation; for example
    /// <c>CorrelationIdPath.ApiGatewayRest.Find(eventJson)</c>. It can also be set later through <c>InvocationContext.CorrelationId</c>.
    /// </summary>
    public string? CorrelationId
    {
        get => _correlationId;
        init => _correlationId = string.IsNullOrEmpty(value) ? null : value;
    }

    /// <summary>The function name; defaults to <c>AWS_LAMBDA_FUNCTION_NAME</c>.</summary>
    public string? FunctionName { get; init; }

    /// <summary>The function version; defaults to <c>AWS_LAMBDA_FUNCTION_VERSION</c>.</summary>
    public string? FunctionVersion { get; init; }

    /// <summary>The memory limit in MB; defaults to <c>AWS_LAMBDA_FUNCTION_MEMORY_SIZE</c>.</summary>
    public int? MemoryLimitInMB { get; init; }

    /// <summary>
    /// The invocation's context: these facts, completed from the environment, with the cold start claimed and the trace
    /// header resolved. Called once by whatever begins the invocation.
    /// </summary>
    internal InvocationContext CreateContext(TelemetryRuntime runtime)
    {
        var now = runtime.Time.GetUtcNow();
        var context = new InvocationContext(
            RequestId,
            InvokedFunctionArn,
            FunctionName ?? runtime.Execution.FunctionName,
            FunctionVersion ?? runtime.Execution.FunctionVersion,
            MemoryLimitInMB ?? runtime.Execution.FunctionMemorySize,
            runtime.ColdStart.NextInvocationIsCold(),
            ResolveTraceHeader(runtime),
            RemainingTime is { } remaining ? now + remaining : null);
        if (_correlationId is not null)
        {
            context.CorrelationId = _correlationId;
        }

        return context;
    }

    private XRayTraceHeader? ResolveTraceHeader(TelemetryRuntime runtime)
    {
        var text = _traceHeader;
        if (text is null)
        {
            if (runtime.Environment.Get(EnvironmentVariables.LambdaMaxConcurrency) is not null)
            {
                // Lambda Managed Instances: _X_AMZN_TRACE_ID is process-wide and the runtime leaves it alone per invocation
                // (Amazon.Lambda.RuntimeSupport sets it only when AWS_LAMBDA_MAX_CONCURRENCY is unset), so reading it would
                // give concurrent invocations one shared, stale trace id.
                runtime.Diagnostics.ReportDrop("invocation", "trace_header_missing");
                return null;
            }

            text = runtime.Environment.Get(EnvironmentVariables.XRayTraceId);
            if (text is null)
            {
                return null;
            }
        }

        if (XRayTraceHeader.TryParse(text, out var header))
        {
            return header;
        }

        runtime.Diagnostics.ReportDrop("invocation", "trace_header_invalid");
        return null;
    }
}
