using System.Text;
using MatCarv.Observability.Extensibility;
using MatCarv.Observability.Context;
using Microsoft.Extensions.Options;
using EventBridgeEndpoint = MatCarv.HealthEvents.Transport.EventBridgeEndpoint;

namespace MatCarv.HealthEvents.Publishing;

/// <summary>
/// <see cref="HealthEventsOptions"/> merged with the environment and validated once at start-up. The constructor throws an
/// <see cref="OptionsValidationException"/> that names each bad setting and how to fix it.
/// </summary>
internal sealed class HealthEventsSettings
{
    // EventBridge API reference, PutEventsRequestEntry: DetailType is free-form, at most 128 characters.
    internal const int MaxDetailTypeLength = 128;

    // EventBridge model: EventBusName 1..1600 (a name or an ARN).
    internal const int MaxEventBusNameLength = 1600;

    public HealthEventsSettings(IOptions<HealthEventsOptions> options, TelemetrySignalContext runtime)
        : this(options.Value, runtime)
    {
    }

    public HealthEventsSettings(HealthEventsOptions options, TelemetrySignalContext runtime)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(runtime);
        Options = options;
        Runtime = runtime;
        var env = runtime;
        var failures = new List<string>();

        Source = options.Source ?? env.GetEnvironmentVariable(HealthEventsEnvironmentVariables.Source) ?? HealthEventsOptions.DefaultSource;
        if (string.IsNullOrWhiteSpace(Source))
        {
            failures.Add("MatCarv:HealthEvents:Source (HealthEventsOptions.Source) is empty; set it (or MATCARV_HEALTH_EVENTS_SOURCE) to a reverse-DNS name such as com.acme.health.");
        }
        else if (Source.StartsWith("aws.", StringComparison.OrdinalIgnoreCase))
        {
            // EventBridge reserves sources starting with "aws." for AWS services; PutEvents rejects them.
            failures.Add($"MatCarv:HealthEvents:Source (HealthEventsOptions.Source) '{Source}' starts with 'aws.', which EventBridge reserves for AWS services; set MatCarv:HealthEvents:Source (HealthEventsOptions.Source, or MATCARV_HEALTH_EVENTS_SOURCE) to your own reverse-DNS name such as com.acme.health.");
        }

        StatusChangedDetailType = options.StatusChangedDetailType;
        HeartbeatDetailType = options.HeartbeatDetailType;
        CheckDetailType(nameof(HealthEventsOptions.StatusChangedDetailType), StatusChangedDetailType, failures);
        CheckDetailType(nameof(HealthEventsOptions.HeartbeatDetailType), HeartbeatDetailType, failures);

        EventBusName = options.EventBusName ?? env.GetEnvironmentVariable(HealthEventsEnvironmentVariables.EventBusName);
        if (EventBusName is not null && (EventBusName.Length == 0 || EventBusName.Length > MaxEventBusNameLength))
        {
            failures.Add($"MatCarv:HealthEvents:EventBusName (HealthEventsOptions.EventBusName) must be 1 to {MaxEventBusNameLength} characters (a bus name or ARN); leave it null for the default bus.");
        }

        Transport = options.Transport ?? ParseTransport(env.GetEnvironmentVariable(HealthEventsEnvironmentVariables.Transport), failures);

        if (options.ServiceUrl is { } url && (!url.IsAbsoluteUri || (url.Scheme != Uri.UriSchemeHttps && url.Scheme != Uri.UriSchemeHttp)))
        {
            failures.Add($"MatCarv:HealthEvents:ServiceUrl (HealthEventsOptions.ServiceUrl) '{url}' must be an absolute http or https URL.");
        }

        if (!env.GetEnvironmentFlag(HealthEventsEnvironmentVariables.IgnoreConfiguredEndpointUrls, false) || options.ServiceUrl is not null)
        {
            try
            {
                ConfiguredEndpoint = options.ServiceUrl
                    ?? EventBridgeEndpoint.ParseConfigured(env.GetEnvironmentVariable(HealthEventsEnvironmentVariables.EndpointUrlEventBridge), HealthEventsEnvironmentVariables.EndpointUrlEventBridge)
                    ?? EventBridgeEndpoint.ParseConfigured(env.GetEnvironmentVariable(HealthEventsEnvironmentVariables.EndpointUrl), HealthEventsEnvironmentVariables.EndpointUrl);
            }
            catch (FormatException ex)
            {
                failures.Add(ex.Message + " Fix or unset it.");
            }
        }

        Positive(options.CredentialsResolutionTimeout, nameof(HealthEventsOptions.CredentialsResolutionTimeout), failures);
        Positive(options.RequestTimeout, nameof(HealthEventsOptions.RequestTimeout), failures);
        NotNegative(options.RetryBaseDelay, nameof(HealthEventsOptions.RetryBaseDelay), failures);
        NotNegative(options.ThrottlingRetryBaseDelay, nameof(HealthEventsOptions.ThrottlingRetryBaseDelay), failures);
        NotNegative(options.MaxRetryDelay, nameof(HealthEventsOptions.MaxRetryDelay), failures);
        NotNegative(options.HeartbeatInterval, nameof(HealthEventsOptions.HeartbeatInterval), failures);
        if (options.QueueCapacity < 1)
        {
            failures.Add("MatCarv:HealthEvents:QueueCapacity (HealthEventsOptions.QueueCapacity) must be at least 1.");
        }

        if (options.MaxRequestBytes < 1024)
        {
            failures.Add("MatCarv:HealthEvents:MaxRequestBytes (HealthEventsOptions.MaxRequestBytes) must be at least 1024 (the documented PutEvents limit is 262144).");
        }

        Positive(options.RetentionPeriod, nameof(HealthEventsOptions.RetentionPeriod), failures);
        Positive(options.FlushTimeout, nameof(HealthEventsOptions.FlushTimeout), failures);
        if (options.MaxConcurrentRequests is < 1 or > 64)
        {
            failures.Add("MatCarv:HealthEvents:MaxConcurrentRequests (HealthEventsOptions.MaxConcurrentRequests) must be 1 to 64.");
        }

        if (options.TransitionDebounceCount < 1)
        {
            failures.Add("MatCarv:HealthEvents:TransitionDebounceCount (HealthEventsOptions.TransitionDebounceCount) must be at least 1.");
        }

        Resources = options.Resources.Where(r => !string.IsNullOrWhiteSpace(r)).ToArray();

        if (failures.Count > 0)
        {
            throw new OptionsValidationException(nameof(HealthEventsOptions), typeof(HealthEventsOptions), failures);
        }

        InstanceId = options.InstanceId
            ?? env.GetEnvironmentVariable(HealthEventsEnvironmentVariables.InstanceId)
            ?? runtime.Execution.LogStreamName
            ?? env.GetEnvironmentVariable(HealthEventsEnvironmentVariables.HostName)
            ?? System.Environment.MachineName;
        RunId = Guid.NewGuid();
        StartedAt = runtime.TimeProvider.GetUtcNow();
        SourceUtf8Length = Encoding.UTF8.GetByteCount(Source);
        StatusChangedDetailTypeUtf8Length = Encoding.UTF8.GetByteCount(StatusChangedDetailType);
        HeartbeatDetailTypeUtf8Length = Encoding.UTF8.GetByteCount(HeartbeatDetailType);
    }

    public HealthEventsOptions Options { get; }

    public TelemetrySignalContext Runtime { get; }

    public ServiceIdentity Identity => Runtime.Identity;

    public string Source { get; }

    public string StatusChangedDetailType { get; }

    public string HeartbeatDetailType { get; }

    public string? EventBusName { get; }

    public HealthEventsTransport Transport { get; }

    /// <summary>The explicit endpoint (option, <c>AWS_ENDPOINT_URL_EVENTBRIDGE</c>, <c>AWS_ENDPOINT_URL</c>), or null for the regional one.</summary>
    public Uri? ConfiguredEndpoint { get; }

    public IReadOnlyList<string> Resources { get; }

    public string InstanceId { get; }

    /// <summary>A fresh id per process start: sequence numbers restart at 1 with every run, so dedup keys include it.</summary>
    public Guid RunId { get; }

    public DateTimeOffset StartedAt { get; }

    public int SourceUtf8Length { get; }

    public int StatusChangedDetailTypeUtf8Length { get; }

    public int HeartbeatDetailTypeUtf8Length { get; }

    public string DetailTypeFor(HealthEventKind kind) => kind == HealthEventKind.Heartbeat ? HeartbeatDetailType : StatusChangedDetailType;

    private static void CheckDetailType(string name, string? value, List<string> failures)
    {
        if (string.IsNullOrWhiteSpace(value) || value.Length > MaxDetailTypeLength)
        {
            failures.Add($"MatCarv:HealthEvents:{name} (HealthEventsOptions.{name}) must be 1 to {MaxDetailTypeLength} characters (EventBridge DetailType limit).");
        }
    }

    private static HealthEventsTransport ParseTransport(string? value, List<string> failures)
    {
        if (value is null)
        {
            return HealthEventsTransport.Auto;
        }

        if (Enum.TryParse<HealthEventsTransport>(value, ignoreCase: true, out var transport) && Enum.IsDefined(transport) && !char.IsDigit(value[0]))
        {
            return transport;
        }

        failures.Add($"MATCARV_HEALTH_EVENTS_TRANSPORT '{value}' is not one of auto, eventbridge, stdout.");
        return HealthEventsTransport.Auto;
    }

    private static void Positive(TimeSpan value, string name, List<string> failures)
    {
        if (value <= TimeSpan.Zero)
        {
            failures.Add($"MatCarv:HealthEvents:{name} (HealthEventsOptions.{name}) must be positive.");
        }
    }

    private static void NotNegative(TimeSpan value, string name, List<string> failures)
    {
        if (value < TimeSpan.Zero)
        {
            failures.Add($"MatCarv:HealthEvents:{name} (HealthEventsOptions.{name}) must not be negative.");
        }
    }
}
