using Amazon;
using Amazon.Runtime;
using Amazon.Runtime.Credentials;
using MatCarv.HealthEvents.Publishing;

namespace MatCarv.HealthEvents.Transport;

/// <summary>
/// Resolves credentials and region on the background sender, within <see cref="HealthEventsOptions.CredentialsResolutionTimeout"/>
/// per attempt (the sender retries failed attempts with backoff; a missing region is a configuration fact and is not retried).
/// Order: explicit options; then the environment; then AWSSDK.Core's chains (<see cref="DefaultAWSCredentialsIdentityResolver"/>:
/// environment, web identity, profile, container, EC2 instance metadata; <see cref="FallbackRegionFactory"/> without instance
/// metadata). On a developer machine with nothing configured the chain ends with an instance-metadata probe that can hang
/// until its own timeouts; the timeout bounds it, and nothing here ever runs on the caller's thread.
/// When the shared options carry an environment-variable dictionary (tests, local runs) it replaces the process
/// environment entirely, so the AWS SDK chains (which read the process environment and ~/.aws) are not consulted.
/// </summary>
internal static class AwsConfigurationResolver
{
    /// <summary>The message prefix of the one problem that retrying cannot fix.</summary>
    public const string NoRegionProblem = "no AWS region";

    public static async Task<(AwsSigningContext? Context, string? Problem)> ResolveAsync(HealthEventsSettings settings, CancellationToken cancellationToken)
    {
        var runtime = settings.Runtime;
        bool processEnvironment = runtime.ReadsProcessEnvironment;
        var timeout = settings.Options.CredentialsResolutionTimeout;
        try
        {
            var work = Task.Run(() => ResolveCoreAsync(settings, processEnvironment), cancellationToken);
            return await work.WaitAsync(timeout, runtime.TimeProvider, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not (OperationCanceledException or TimeoutException or OutOfMemoryException))
        {
            // A credentials provider that fails in an unexpected way (a malformed profile, an HTTP error): retried later.
            return (null, "AWS credentials or region could not be resolved: " + ex.GetType().Name + ": " + FirstLine(ex.Message));
        }
        catch (TimeoutException)
        {
            return (null, $"AWS credentials or region did not resolve within {timeout.TotalSeconds:0.#} s (HealthEventsOptions.CredentialsResolutionTimeout); on a machine outside AWS this is the instance-metadata probe");
        }
    }

    /// <summary>
    /// The decision when it needs no I/O: the region from options or environment and static keys (explicit
    /// <see cref="BasicAWSCredentials"/>/<see cref="SessionAWSCredentials"/>, or <c>AWS_ACCESS_KEY_ID</c> and
    /// <c>AWS_SECRET_ACCESS_KEY</c>, which is how Lambda provides them), or a missing region or credentials in a supplied
    /// environment dictionary. Anything else (profiles, container or instance credentials, refreshing credentials) returns
    /// false and is resolved by <see cref="ResolveAsync"/> in the background. Cheap enough for start-up: no file, no socket.
    /// </summary>
    public static bool TryResolveImmediately(HealthEventsSettings settings, out AwsSigningContext? context, out string? problem)
    {
        context = null;
        problem = null;
        var runtime = settings.Runtime;
        bool processEnvironment = runtime.ReadsProcessEnvironment;
        var regionName = settings.Options.Region ?? runtime.Identity.Region;
        if (regionName is null)
        {
            if (processEnvironment)
            {
                return false; // the profile may name one: a file read, in the background
            }

            problem = NoRegionProblem + " (set HealthEventsOptions.Region, MatCarvObservabilityOptions.Region or AWS_REGION)";
            return true;
        }

        AWSCredentials? credentials = settings.Options.Credentials;
        if (credentials is null && runtime.GetEnvironmentVariable(HealthEventsEnvironmentVariables.AccessKeyId) is { Length: > 0 } accessKey
            && runtime.GetEnvironmentVariable(HealthEventsEnvironmentVariables.SecretAccessKey) is { Length: > 0 } secretKey)
        {
            var token = runtime.GetEnvironmentVariable(HealthEventsEnvironmentVariables.SessionToken);
            credentials = string.IsNullOrEmpty(token) ? new BasicAWSCredentials(accessKey, secretKey) : new SessionAWSCredentials(accessKey, secretKey, token);
        }

        if (credentials is BasicAWSCredentials or SessionAWSCredentials)
        {
            context = new AwsSigningContext(credentials, RegionEndpoint.GetBySystemName(regionName), runtime.TimeProvider);
            return true;
        }

        if (credentials is null && !processEnvironment)
        {
            problem = "no AWS credentials (set HealthEventsOptions.Credentials, or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY)";
            return true;
        }

        return false;
    }

    private static async Task<(AwsSigningContext? Context, string? Problem)> ResolveCoreAsync(HealthEventsSettings settings, bool processEnvironment)
    {
        var runtime = settings.Runtime;
        var env = runtime;
        var regionName = settings.Options.Region ?? runtime.Identity.Region;
        if (regionName is null && processEnvironment)
        {
            // Profile region (AWS_PROFILE / default). IMDS excluded: a blocking probe for a value we can do without.
            regionName = FallbackRegionFactory.GetRegionEndpoint(includeInstanceMetadata: false)?.SystemName;
        }

        if (regionName is null)
        {
            return (null, NoRegionProblem + " (set HealthEventsOptions.Region, MatCarvObservabilityOptions.Region or AWS_REGION)");
        }

        AWSCredentials? credentials = settings.Options.Credentials;
        string? problem = null;
        if (credentials is null && env.GetEnvironmentVariable(HealthEventsEnvironmentVariables.AccessKeyId) is { } accessKey
            && env.GetEnvironmentVariable(HealthEventsEnvironmentVariables.SecretAccessKey) is { } secretKey && !processEnvironment)
        {
            var token = env.GetEnvironmentVariable(HealthEventsEnvironmentVariables.SessionToken);
            credentials = token is null ? new BasicAWSCredentials(accessKey, secretKey) : new SessionAWSCredentials(accessKey, secretKey, token);
        }

        if (credentials is null && processEnvironment)
        {
            try
            {
                using var resolver = new DefaultAWSCredentialsIdentityResolver();
                credentials = await resolver.ResolveIdentityAsync(null!, CancellationToken.None).ConfigureAwait(false);
            }
            catch (AmazonClientException ex)
            {
                problem = "no AWS credentials: " + FirstLine(ex.Message);
            }
        }

        if (credentials is null)
        {
            return (null, problem ?? "no AWS credentials (set HealthEventsOptions.Credentials, or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY)");
        }

        try
        {
            // Make sure the credentials produce keys now (an expired SSO session fails here, not on every send).
            _ = await credentials.GetCredentialsAsync().ConfigureAwait(false);
        }
        catch (AmazonClientException ex)
        {
            return (null, "AWS credentials did not produce keys: " + FirstLine(ex.Message));
        }

        return (new AwsSigningContext(credentials, RegionEndpoint.GetBySystemName(regionName), runtime.TimeProvider), null);
    }

    private static string FirstLine(string message)
    {
        var newline = message.IndexOf('\n', StringComparison.Ordinal);
        return (newline < 0 ? message : message[..newline]).Trim();
    }
}
