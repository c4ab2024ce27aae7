namespace MatCarv.Observability.Context;

/// <summary>Where the process runs, as told by the environment variables each platform sets.</summary>
public enum ExecutionEnvironmentKind
{
    /// <summary>No AWS platform detected: a developer machine or a test.</summary>
    Local = 0,

    /// <summary>AWS Lambda (<c>AWS_LAMBDA_FUNCTION_NAME</c> or <c>LAMBDA_TASK_ROOT</c>).</summary>
    Lambda = 1,

    /// <summary>Amazon ECS (<c>ECS_CONTAINER_METADATA_URI_V4</c>).</summary>
    Ecs = 2,

    /// <summary>Amazon EKS or any Kubernetes (<c>KUBERNETES_SERVICE_HOST</c>).</summary>
    Eks = 3,

    /// <summary>Amazon EC2, when configured explicitly (detection would need a blocking metadata probe).</summary>
    Ec2 = 4,
}
