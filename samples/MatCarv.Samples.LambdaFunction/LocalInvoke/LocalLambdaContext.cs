using Amazon.Lambda.Core;

namespace MatCarv.Samples.LambdaFunction.LocalInvoke;

/// <summary>The context the local invoke loop hands to the handler, as the Lambda runtime would.</summary>
internal sealed class LocalLambdaContext : ILambdaContext
{
    private readonly DateTimeOffset _deadline;

    public LocalLambdaContext(string functionArn, TimeSpan timeout)
    {
        InvokedFunctionArn = functionArn;
        _deadline = DateTimeOffset.UtcNow + timeout;
    }

    public string AwsRequestId { get; } = Guid.NewGuid().ToString();

    public string InvokedFunctionArn { get; }

    public TimeSpan RemainingTime => _deadline - DateTimeOffset.UtcNow;
}
