using Amazon;
using Amazon.Runtime;
using Amazon.Runtime.Credentials;
using MatCarv.HealthEvents.Publishing;

namespace MatCarv.HealthEvents.Transport;

/// <summary>
/// Resolves credentials and region on the background sender, within <see cref="HealthEventsOptions.CredentialsResolutionTimeout"/>.
/// Order: explicit options; then the environment; then AWSSDK.Core's chains (<see cref="DefaultAWSCredentialsIdentityResolver"/>:
/// environment, web identity, profile, container, EC2 instance metadata; <see cref="FallbackRegionFactory"/> without instance
/// metadata). On a developer machine with nothing configured the chain ends with an instance-metadata probe that can hang
/// until its own timeouts; the timeout bounds it, and nothing here ever runs on the caller's thread.
/// When the shared options carry an environment-variable dictionary (tests, local runs) it replaces the process
/// environment entirely, so the AWS SDK chains (which read the process environment and ~/.aws) are not consulted.
/// </summary>
internal static class AwsConfigurationResolver
{
    public static async Task<(AwsSigningContext? Context, string? Problem)> ResolveAsync(HealthEventsSettings settings, CancellationToken cancellationToken)
    {
        var runtime = settings.Runtime;
        bool processEnvironment = runtime.Options.EnvironmentVariables is null;
        var timeout = settings.Options.CredentialsResolutionTimeout;
        try
        {
            var work = Task.Run(() => ResolveCoreAsync(settings, processEnvironment), cancellationToken);
            return await work.WaitAsync(timeout, runtime.Time, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            return (null, $"AWS credentials or region did not resolve within {timeout.TotalSeconds:0.#} s (HealthEventsOptions.CredentialsResolutionTimeout); on a machine outside AWS this is the instance-metadata probe");
        }
    }

    private static async Task<(AwsSigningContext? Context, string? Problem)> ResolveCoreAsync(HealthEventsSettings settings, bool processEnvironment)
    {
        var runtime = settings.Runtime;
        var env = runtime.Environment;
        var regionName = settings.Options.Region ?? runtime.Identity.Region;
        if (regionName is null && processEnvironment)
        {
            // Profile region (AWS_PROFILE / default). IMDS excluded: a blocking probe for a value we can do without.
            regionName = FallbackRegionFactory.GetRegionEndpoint(includeInstanceMetadata: false)?.SystemName;
        }

        if (regionName is null)
        {
            return (null, "no AWS region (set HealthEventsOptions.Region, MatCarvObservabilityOptions.Region or AWS_REGION)");
        }

        AWSCredentials? credentials = settings.Options.Credentials;
        string? problem = null;
        if (credentials is null && env.Get(HealthEventsEnvironmentVariables.AccessKeyId) is { } accessKey
            && env.Get(HealthEventsEnvironmentVariables.SecretAccessKey) is { } secretKey && !processEnvironment)
        {
            var token = env.Get(HealthEventsEnvironmentVariables.SessionToken);
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

        return (new AwsSigningContext(credentials, RegionEndpoint.GetBySystemName(regionName), runtime.Time), null);
    }

    private static string FirstLine(string message)
    {
        var newline = message.IndexOf('\n', StringComparison.Ordinal);
        return (newline < 0 ? message : message[..newline]).Trim();
    }
}
