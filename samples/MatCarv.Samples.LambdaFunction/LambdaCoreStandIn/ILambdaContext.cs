// Stand-in for the part of Amazon.Lambda.Core's ILambdaContext this sample uses: the package is not available on the
// machine this repository is built on. In a real function, delete this folder and reference Amazon.Lambda.Core; the
// handler compiles unchanged, and MatCarv's analyzers recognise the real interface by the same metadata name.
namespace Amazon.Lambda.Core;

/// <summary>The Lambda invocation context (subset of Amazon.Lambda.Core.ILambdaContext).</summary>
public interface ILambdaContext
{
    /// <summary>The request id.</summary>
    string AwsRequestId { get; }

    /// <summary>The invoked function ARN.</summary>
    string InvokedFunctionArn { get; }

    /// <summary>The time left before Lambda stops the invocation.</summary>
    TimeSpan RemainingTime { get; }

    /// <summary>
    /// The invocation's X-Ray trace header (Amazon.Lambda.Core 2.7.1 and later, .NET 8 and later; empty from older runtimes,
    /// as the real interface's default implementation returns).
    /// </summary>
    string TraceId => string.Empty;
}
