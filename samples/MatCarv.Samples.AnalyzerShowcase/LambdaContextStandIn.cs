// Amazon.Lambda.Core is not on the package mirror; the analyzers recognise the interface by its metadata name.
namespace Amazon.Lambda.Core;

/// <summary>Stand-in for the Lambda runtime's context interface.</summary>
public interface ILambdaContext
{
    /// <summary>The request id.</summary>
    string AwsRequestId { get; }
}
