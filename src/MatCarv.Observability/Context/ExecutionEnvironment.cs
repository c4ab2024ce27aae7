using System.Globalization;

namespace MatCarv.Observability.Context;

/// <summary>
/// The facts of the execution environment, read once from environment variables at start-up.
/// No network probe is ever made (ECS/EC2 metadata endpoints would block the caller).
/// </summary>
public sealed class ExecutionEnvironment
{
    private ExecutionEnvironment()
    {
    }

    /// <summary>The detected platform.</summary>
    public ExecutionEnvironmentKind Kind { get; private init; }

    /// <summary>The AWS region (<c>AWS_REGION</c>, then <c>AWS_DEFAULT_REGION</c>), if known.</summary>
    public string? Region { get; private init; }

    /// <summary>Lambda: the function name (<c>AWS_LAMBDA_FUNCTION_NAME</c>).</summary>
    public string? FunctionName { get; private init; }

    /// <summary>Lambda: the function version (<c>AWS_LAMBDA_FUNCTION_VERSION</c>).</summary>
    public string? FunctionVersion { get; private init; }

    /// <summary>Lambda: the configured memory in MB (<c>AWS_LAMBDA_FUNCTION_MEMORY_SIZE</c>).</summary>
    public int? FunctionMemorySize { get; private init; }

    /// <summary>Lambda: the CloudWatch log group (<c>AWS_LAMBDA_LOG_GROUP_NAME</c>).</summary>
    public string? LogGroupName { get; private init; }

    /// <summary>Lambda: the CloudWatch log stream (<c>AWS_LAMBDA_LOG_STREAM_NAME</c>).</summary>
    public string? LogStreamName { get; private init; }

    /// <summary>Lambda: true under provisioned concurrency, where no invocation is a cold start.</summary>
    public bool IsProvisionedConcurrency { get; private init; }

    /// <summary>ECS: the task metadata endpoint (v4), if any. Never called on a caller's thread.</summary>
    public string? ContainerMetadataUri { get; private init; }

    /// <summary>True when running in AWS Lambda.</summary>
    public bool IsLambda => Kind == ExecutionEnvironmentKind.Lambda;

    internal static ExecutionEnvironment Detect(EnvironmentReader env, ExecutionEnvironmentKind? forced = null)
    {
        var functionName = env.Get(EnvironmentVariables.LambdaFunctionName);
        var kind = forced ?? (functionName is not null || env.Get(EnvironmentVariables.LambdaTaskRoot) is not null
            ? ExecutionEnvironmentKind.Lambda
            : env.Get(EnvironmentVariables.EcsContainerMetadataUriV4) is not null || env.Get(EnvironmentVariables.EcsContainerMetadataUri) is not null
                ? ExecutionEnvironmentKind.Ecs
                : env.Get(EnvironmentVariables.KubernetesServiceHost) is not null
                    ? ExecutionEnvironmentKind.Eks
                    : ExecutionEnvironmentKind.Local);

        return new ExecutionEnvironment
        {
            Kind = kind,
            Region = env.Get(EnvironmentVariables.AwsRegion) ?? env.Get(EnvironmentVariables.AwsDefaultRegion),
            FunctionName = functionName,
            FunctionVersion = env.Get(EnvironmentVariables.LambdaFunctionVersion),
            FunctionMemorySize = int.TryParse(env.Get(EnvironmentVariables.LambdaFunctionMemorySize), NumberStyles.Integer, CultureInfo.InvariantCulture, out var memory) ? memory : null,
            LogGroupName = env.Get(EnvironmentVariables.LambdaLogGroupName),
            LogStreamName = env.Get(EnvironmentVariables.LambdaLogStreamName),
            IsProvisionedConcurrency = string.Equals(env.Get(EnvironmentVariables.LambdaInitializationType), "provisioned-concurrency", StringComparison.OrdinalIgnoreCase),
            ContainerMetadataUri = env.Get(EnvironmentVariables.EcsContainerMetadataUriV4) ?? env.Get(EnvironmentVariables.EcsContainerMetadataUri),
        };
    }
}
