using Amazon.Runtime;
using Amazon.Runtime.Credentials;
using Amazon.Runtime.Signing;

namespace MatCarv.Observability.Tracing.Otlp.Signing;

/// <summary>
/// Signs OTLP requests for X-Ray's OTLP endpoint with SigV4 (service <c>xray</c>) through AWSSDK.Core's public
/// <see cref="AWSSigV4Signer"/>, as MatCarv.HealthEvents signs PutEvents; nothing of SigV4 is written here. Credentials are
/// resolved on the exporter's background loop, within <see cref="ResolutionTimeout"/>: from the <c>AWS_ACCESS_KEY_ID</c>,
/// <c>AWS_SECRET_ACCESS_KEY</c> and <c>AWS_SESSION_TOKEN</c> of an explicit environment dictionary (tests, local runs), else
/// AWSSDK.Core's default chain (environment, web identity, profile, container, instance profile). The credentials object is
/// kept and asked for keys on every request, so refreshing credentials rotate. This type is the only one that touches
/// AWSSDK.Core, so the assembly loads only when this destination is used.
/// </summary>
internal sealed class XRaySigV4Signer
{
    /// <summary>SigV4 signing name of X-Ray's OTLP endpoint.</summary>
    public const string ServiceName = "xray";

    public static readonly TimeSpan ResolutionTimeout = TimeSpan.FromSeconds(5);

    private readonly TelemetryRuntime _runtime;
    private readonly string _region;
    private AWSCredentials? _credentials;
    private string? _problem;
    private long _nextResolution;

    public XRaySigV4Signer(TelemetryRuntime runtime, string region)
    {
        _runtime = runtime;
        _region = region;
    }

    /// <summary>Why the last signing attempt failed (no credentials), for the drop announcement.</summary>
    public string? Problem => _problem;

    /// <summary>Adds the SigV4 headers to <paramref name="request"/>; false (with <see cref="Problem"/>) when no credentials resolve.</summary>
    public async Task<bool> SignAsync(HttpRequestMessage request, byte[] body, CancellationToken cancellationToken)
    {
        var credentials = _credentials;
        if (credentials is null)
        {
            // A failed resolution is retried at most once a minute (the default chain can take seconds to fail).
            long now = _runtime.Time.GetTimestamp();
            if (now < _nextResolution)
            {
                return false;
            }

            credentials = _credentials = await ResolveAsync(cancellationToken).ConfigureAwait(false);
            if (credentials is null)
            {
                _nextResolution = now + (60 * _runtime.Time.TimestampFrequency);
                return false;
            }
        }

        var signing = new AWSSigningRequest { HttpMethod = request.Method, RequestUri = request.RequestUri!, Content = body };
        foreach (var header in request.Headers)
        {
            signing.Headers[header.Key] = string.Join(',', header.Value);
        }

        if (request.Content is not null)
        {
            foreach (var header in request.Content.Headers)
            {
                if (!header.Key.Equals("Content-Length", StringComparison.OrdinalIgnoreCase))
                {
                    signing.Headers[header.Key] = string.Join(',', header.Value);
                }
            }
        }

        var parameters = new AWSSigV4Parameters
        {
            Credentials = credentials,
            Region = Amazon.RegionEndpoint.GetBySystemName(_region),
            Service = ServiceName,
            SignedAt = _runtime.Time.GetUtcNow().UtcDateTime,
        };
        var result = await AWSSigV4Signer.SignAsync(signing, parameters, cancellationToken).ConfigureAwait(false);
        foreach (var header in result.Headers)
        {
            request.Headers.Remove(header.Key);
            request.Headers.TryAddWithoutValidation(header.Key, header.Value);
        }

        return true;
    }

    private async Task<AWSCredentials?> ResolveAsync(CancellationToken cancellationToken)
    {
        var env = _runtime.Environment;
        if (_runtime.Options.EnvironmentVariables is not null)
        {
            // An explicit environment replaces the process's: the SDK chains (process environment, ~/.aws) are not consulted.
            if (env.Get("AWS_ACCESS_KEY_ID") is { } accessKey && env.Get("AWS_SECRET_ACCESS_KEY") is { } secretKey)
            {
                return env.Get("AWS_SESSION_TOKEN") is { } token ? new SessionAWSCredentials(accessKey, secretKey, token) : new BasicAWSCredentials(accessKey, secretKey);
            }

            _problem = "no AWS credentials (AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are not in MatCarvObservabilityOptions.EnvironmentVariables)";
            return null;
        }

        try
        {
            using var resolver = new DefaultAWSCredentialsIdentityResolver();
            var work = Task.Run(async () =>
            {
                var credentials = await resolver.ResolveIdentityAsync(null!, CancellationToken.None).ConfigureAwait(false);
                _ = await credentials.GetCredentialsAsync().ConfigureAwait(false);
                return credentials;
            }, cancellationToken);
            return await work.WaitAsync(ResolutionTimeout, _runtime.Time, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is AmazonClientException or TimeoutException)
        {
            _problem = "no AWS credentials for X-Ray's OTLP endpoint: " + ex.Message.Split('\n')[0].Trim();
            return null;
        }
    }
}
