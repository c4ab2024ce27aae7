namespace MatCarv.Observability.Lambda;

/// <summary>
/// The facts of one Lambda invocation. Amazon.Lambda.Core is not a dependency; map <c>ILambdaContext</c> in one line:
/// <code>new LambdaInvocation(context.AwsRequestId, context.InvokedFunctionArn) { RemainingTime = context.RemainingTime }</code>
/// </summary>
public sealed class LambdaInvocation
{
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
    /// The X-Ray trace header of this invocation. When null, <c>_X_AMZN_TRACE_ID</c> is read at the start of the invocation
    /// (the .NET runtime sets it per invocation; pass it explicitly when invocations run concurrently).
    /// </summary>
    public string? TraceHeader { get; init; }

    /// <summary>The function name; defaults to <c>AWS_LAMBDA_FUNCTION_NAME</c>.</summary>
    public string? FunctionName { get; init; }

    /// <summary>The function version; defaults to <c>AWS_LAMBDA_FUNCTION_VERSION</c>.</summary>
    public string? FunctionVersion { get; init; }

    /// <summary>The memory limit in MB; defaults to <c>AWS_LAMBDA_FUNCTION_MEMORY_SIZE</c>.</summary>
    public int? MemoryLimitInMB { get; init; }
}
