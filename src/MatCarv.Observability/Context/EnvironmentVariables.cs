namespace MatCarv.Observability.Context;

/// <summary>Names of every environment variable the SDK reads, in one place (Powertools and AWS conventions).</summary>
internal static class EnvironmentVariables
{
    // Service identity (Powertools names, shared with the TypeScript and Python runtimes).
    public const string ServiceName = "POWERTOOLS_SERVICE_NAME";
    public const string MetricsNamespace = "POWERTOOLS_METRICS_NAMESPACE";
    public const string ServiceNamespace = "MATCARV_SERVICE_NAMESPACE";
    public const string ServiceEnvironment = "MATCARV_ENVIRONMENT";
    public const string ServiceVersion = "MATCARV_SERVICE_VERSION";

    // Logging.
    public const string LogLevel = "POWERTOOLS_LOG_LEVEL";
    public const string LambdaLogLevel = "AWS_LAMBDA_LOG_LEVEL";
    public const string LambdaLogFormat = "AWS_LAMBDA_LOG_FORMAT";
    public const string LoggerCase = "POWERTOOLS_LOGGER_CASE";
    public const string LoggerSampleRate = "POWERTOOLS_LOGGER_SAMPLE_RATE";

    // Metrics.
    public const string MetricsDisabled = "POWERTOOLS_METRICS_DISABLED";
    public const string EmfAgentEndpoint = "AWS_EMF_AGENT_ENDPOINT";
    public const string EmfLogGroupName = "AWS_EMF_LOG_GROUP_NAME";
    public const string EmfLogStreamName = "AWS_EMF_LOG_STREAM_NAME";
    public const string EmfNamespace = "AWS_EMF_NAMESPACE";
    public const string EmfServiceName = "AWS_EMF_SERVICE_NAME";
    public const string EmfServiceType = "AWS_EMF_SERVICE_TYPE";
    public const string EmfEnvironment = "AWS_EMF_ENVIRONMENT";
    public const string EmfAgentBufferSize = "AWS_EMF_AGENT_BUFFER_SIZE";
    public const string MetricsFunctionName = "POWERTOOLS_METRICS_FUNCTION_NAME";

    // Tracing.
    public const string TraceDisabled = "POWERTOOLS_TRACE_DISABLED";
    public const string TracerCaptureResponse = "POWERTOOLS_TRACER_CAPTURE_RESPONSE";
    public const string TracerCaptureError = "POWERTOOLS_TRACER_CAPTURE_ERROR";
    public const string XRayDaemonAddress = "AWS_XRAY_DAEMON_ADDRESS";
    public const string XRayTraceId = "_X_AMZN_TRACE_ID";
    public const string LambdaHandler = "_HANDLER";

    // Lambda runtime.
    public const string LambdaFunctionName = "AWS_LAMBDA_FUNCTION_NAME";
    public const string LambdaFunctionVersion = "AWS_LAMBDA_FUNCTION_VERSION";
    public const string LambdaFunctionMemorySize = "AWS_LAMBDA_FUNCTION_MEMORY_SIZE";
    public const string LambdaLogGroupName = "AWS_LAMBDA_LOG_GROUP_NAME";
    public const string LambdaLogStreamName = "AWS_LAMBDA_LOG_STREAM_NAME";
    public const string LambdaInitializationType = "AWS_LAMBDA_INITIALIZATION_TYPE";
    public const string LambdaTaskRoot = "LAMBDA_TASK_ROOT";

    // Set by Lambda Managed Instances: invocations run concurrently and _X_AMZN_TRACE_ID is not set per invocation.
    public const string LambdaMaxConcurrency = "AWS_LAMBDA_MAX_CONCURRENCY";
    public const string ExecutionEnv = "AWS_EXECUTION_ENV";

    // Containers and hosts.
    public const string EcsContainerMetadataUriV4 = "ECS_CONTAINER_METADATA_URI_V4";
    public const string EcsContainerMetadataUri = "ECS_CONTAINER_METADATA_URI";
    public const string KubernetesServiceHost = "KUBERNETES_SERVICE_HOST";
    public const string Ec2InstanceIdHint = "MATCARV_EC2_INSTANCE_ID";
    public const string Hostname = "HOSTNAME";

    // Region.
    public const string AwsRegion = "AWS_REGION";
    public const string AwsDefaultRegion = "AWS_DEFAULT_REGION";
}
