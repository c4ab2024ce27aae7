// Stand-in for Amazon.Lambda.Core (not on the package mirror): the ILambdaContext members the README's snippets use.
namespace Amazon.Lambda.Core
{
    public interface ILambdaContext
    {
        string AwsRequestId { get; }

        string InvokedFunctionArn { get; }

        System.TimeSpan RemainingTime { get; }

        string TraceId { get; }
    }
}
