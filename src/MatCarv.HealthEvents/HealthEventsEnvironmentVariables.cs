namespace MatCarv.HealthEvents;

/// <summary>Environment variables read by the health-events signal (AWS SDK conventions plus MatCarv settings).</summary>
internal static class HealthEventsEnvironmentVariables
{
    public const string Source = "MATCARV_HEALTH_EVENTS_SOURCE";
    public const string EventBusName = "MATCARV_HEALTH_EVENTS_BUS";
    public const string Transport = "MATCARV_HEALTH_EVENTS_TRANSPORT";
    public const string InstanceId = "MATCARV_INSTANCE_ID";
    public const string HostName = "HOSTNAME";

    // Lambda's advanced logging controls: they decide whether a stdout line's "level" is read and which levels are kept.
    public const string LambdaLogFormat = "AWS_LAMBDA_LOG_FORMAT";
    public const string LambdaLogLevel = "AWS_LAMBDA_LOG_LEVEL";

    // AWS SDK conventions ("Service-specific endpoints", AWS SDKs and Tools reference guide).
    public const string EndpointUrlEventBridge = "AWS_ENDPOINT_URL_EVENTBRIDGE";
    public const string EndpointUrl = "AWS_ENDPOINT_URL";
    public const string IgnoreConfiguredEndpointUrls = "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS";
    public const string UseFipsEndpoint = "AWS_USE_FIPS_ENDPOINT";
    public const string UseDualStackEndpoint = "AWS_USE_DUALSTACK_ENDPOINT";
    public const string AccessKeyId = "AWS_ACCESS_KEY_ID";
    public const string SecretAccessKey = "AWS_SECRET_ACCESS_KEY";
    public const string SessionToken = "AWS_SESSION_TOKEN";

    // "Account-based endpoints" (AWS SDKs and Tools reference guide): the account of the credentials, when known.
    public const string AccountId = "AWS_ACCOUNT_ID";
}
