using Amazon.Lambda.Core;

namespace MatCarv.Samples.LambdaFunction.LocalInvoke;

/// <summary>The context the local invoke loop hands to the handler, as the Lambda runtime would.</summary>
internal sealed class LocalLambdaContext : ILambdaContext
{
    private readonly DateTimeOffset _deadline;

    public LocalLambdaContext(string functionArn, TimeSpan timeout, string traceId)
    {
        InvokedFunctionArn = functionArn;
        TraceId = traceId;
        _deadline = DateTimeOffset.UtcNow + timeout;
    }

    public string AwsRequestId { get; } = Guid.NewGuid().ToString();

    public string InvokedFunctionArn { get; }

    public TimeSpan RemainingTime => _deadline - DateTimeOffset.UtcNow;

    /// <summary>The invocation's trace header, as the runtime's Lambda-Runtime-Trace-Id gives it.</summary>
    public string TraceId { get; }
}
