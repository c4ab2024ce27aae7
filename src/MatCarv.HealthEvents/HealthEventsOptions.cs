using Amazon.Runtime;

namespace MatCarv.HealthEvents;

/// <summary>
/// Settings of the health-events signal. Every setting has a default; environment variables fill the ones left null.
/// Invalid settings fail at start-up with an <see cref="Microsoft.Extensions.Options.OptionsValidationException"/> naming them.
/// </summary>
public sealed class HealthEventsOptions
{
    /// <summary>The default <see cref="Source"/>.</summary>
    public const string DefaultSource = "com.matcarv.health";

    /// <summary>The default <see cref="StatusChangedDetailType"/>.</summary>
    public const string DefaultStatusChangedDetailType = "Service Health Status Changed";

    /// <summary>The default <see cref="HeartbeatDetailType"/>.</summary>
    public const string DefaultHeartbeatDetailType = "Service Health Heartbeat";

    /// <summary>
    /// The EventBridge <c>Source</c> of every event (reverse DNS, for example <c>com.acme.health</c>); default
    /// <c>MATCARV_HEALTH_EVENTS_SOURCE</c>, else <see cref="DefaultSource"/>. Must not start with <c>aws.</c> (reserved by AWS).
    /// </summary>
    public string? Source { get; set; }

    /// <summary>The <c>DetailType</c> of status changes (at most 128 characters). Default <see cref="DefaultStatusChangedDetailType"/>.</summary>
    public string StatusChangedDetailType { get; set; } = DefaultStatusChangedDetailType;

    /// <summary>The <c>DetailType</c> of heartbeats (at most 128 characters). Default <see cref="DefaultHeartbeatDetailType"/>.</summary>
    public string HeartbeatDetailType { get; set; } = DefaultHeartbeatDetailType;

    /// <summary>The event bus name or ARN; default <c>MATCARV_HEALTH_EVENTS_BUS</c>, else the account's <c>default</c> bus.</summary>
    public string? EventBusName { get; set; }

    /// <summary>ARNs added to every event's <c>Resources</c> (for example the ECS task or the Lambda function).</summary>
    public IList<string> Resources { get; } = new List<string>();

    /// <summary>Where events go; default <c>MATCARV_HEALTH_EVENTS_TRANSPORT</c> (auto, eventbridge, stdout), else <see cref="HealthEventsTransport.Auto"/>.</summary>
    public HealthEventsTransport? Transport { get; set; }

    /// <summary>The AWS region of the bus; default the shared <c>MatCarvObservabilityOptions.Region</c> / <c>AWS_REGION</c>, else the AWS profile's region.</summary>
    public string? Region { get; set; }

    /// <summary>
    /// The endpoint to send to instead of the regional one (VPC endpoints, tests); default <c>AWS_ENDPOINT_URL_EVENTBRIDGE</c>,
    /// else <c>AWS_ENDPOINT_URL</c> (both ignored when <c>AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true</c>).
    /// </summary>
    public Uri? ServiceUrl { get; set; }

    /// <summary>Use the FIPS endpoint; default <c>AWS_USE_FIPS_ENDPOINT</c>.</summary>
    public bool? UseFipsEndpoint { get; set; }

    /// <summary>Use the dual-stack (IPv6) endpoint; default <c>AWS_USE_DUALSTACK_ENDPOINT</c>.</summary>
    public bool? UseDualStackEndpoint { get; set; }

    /// <summary>
    /// Credentials to sign with. Default: <c>DefaultAWSCredentialsIdentityResolver</c> (environment, web identity, profile,
    /// container, instance profile), resolved on the background sender, never on the caller's thread.
    /// </summary>
    public AWSCredentials? Credentials { get; set; }

    /// <summary>
    /// The longest one attempt to resolve credentials and region may take on the background sender. A failed attempt is
    /// retried with backoff (<see cref="ThrottlingRetryBaseDelay"/> doubling up to <see cref="MaxRetryDelay"/>) for the life
    /// of the process; meanwhile events stay queued when a credential source is configured (an outage of that source), or,
    /// with <see cref="HealthEventsTransport.Auto"/> and no source configured, are written to stdout. Default 5 seconds.
    /// </summary>
    public TimeSpan CredentialsResolutionTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>An id of this instance (process) carried in every event; default <c>MATCARV_INSTANCE_ID</c>, the Lambda log stream, <c>HOSTNAME</c>, else the machine name.</summary>
    public string? InstanceId { get; set; }

    /// <summary>How many events wait in memory at most; when full the oldest is dropped and counted. Default 1024.</summary>
    public int QueueCapacity { get; set; } = 1024;

    /// <summary>
    /// The most bytes per PutEvents request by the documented entry-size formula (Time 14 bytes + Source + DetailType + Detail
    /// + Resources). Default 256 KiB, the documented limit; raise it only where the account's limit is higher.
    /// </summary>
    public int MaxRequestBytes { get; set; } = 256 * 1024;

    /// <summary>How long one PutEvents attempt may take before it is abandoned and retried. Default 10 seconds.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How long an undelivered event is kept and retried (throttling, 5xx, timeouts, refused connections, credentials
    /// that do not resolve yet) before it is dropped and counted as <c>expired</c>. An outage shorter than this loses
    /// nothing, within <see cref="QueueCapacity"/>. Default 15 minutes.
    /// </summary>
    public TimeSpan RetentionPeriod { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>
    /// How many PutEvents requests may be in flight at once (each up to 10 entries), so a backlog drains while single
    /// requests wait out their backoff. Default 4.
    /// </summary>
    public int MaxConcurrentRequests { get; set; } = 4;

    /// <summary>
    /// The longest an end-of-invocation or on-demand flush waits for health events to be delivered; what is not delivered
    /// by then stays queued and is sent in the background (services) or during the next invocation (Lambda). The flush at
    /// shutdown waits up to <c>MatCarvObservabilityOptions.ShutdownFlushTimeout</c> instead. During a flush, retry delays
    /// are shortened so that retries fit before its deadline. A flush never waits while credentials are still being
    /// resolved. Default 1 second.
    /// </summary>
    public TimeSpan FlushTimeout { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Backoff base for transient errors (5xx, timeouts, connection failures): full jitter over base × 2^attempt. Default 50 ms.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromMilliseconds(50);

    /// <summary>Backoff base for throttling (<c>ThrottlingException</c>) and for retrying credential resolution. Default 1 second.</summary>
    public TimeSpan ThrottlingRetryBaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest single backoff delay. Default 20 seconds (the AWS SDKs' standard mode).</summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>Health checks: how many consecutive reports must agree on a new status before it is published. Default 2.</summary>
    public int TransitionDebounceCount { get; set; } = 2;

    /// <summary>Health checks: how often a heartbeat event repeats the current status when nothing changes; zero disables. Default 5 minutes.</summary>
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromMinutes(5);
}
