using Amazon.Runtime.Signing;

namespace MatCarv.HealthEvents.Transport;

/// <summary>
/// Signs each request (each retry too) with AWSSDK.Core's public <see cref="AWSSigV4Signer"/>. Our own handler rather than
/// <see cref="SigV4SigningHandler"/> because only the signer takes an explicit <c>SignedAt</c>, which clock-skew correction
/// needs. Fresh credentials are asked from the credentials object on every request, so refreshing credentials rotate.
/// </summary>
internal sealed class EventBridgeSigningHandler : DelegatingHandler
{
    /// <summary>The per-request option carrying the signing context (set by <see cref="EventBridgeSink"/>).</summary>
    internal static readonly HttpRequestOptionsKey<AwsSigningContext> ContextKey = new("MatCarv.HealthEvents.Signing");

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.Options.TryGetValue(ContextKey, out var context) && request.RequestUri is not null)
        {
            var body = request.Content is null ? Array.Empty<byte>() : await request.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
            var signing = new AWSSigningRequest
            {
                HttpMethod = request.Method,
                RequestUri = request.RequestUri,
                Content = body,
            };
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
                Credentials = context.Credentials,
                Region = context.Region,
                Service = AwsSigningContext.ServiceName,
                SignedAt = context.SigningTime(),
            };
            var result = await AWSSigV4Signer.SignAsync(signing, parameters, cancellationToken).ConfigureAwait(false);

            // Apply every header the signer returns: Authorization, X-Amz-Date, X-Amz-Content-SHA256 and the session token.
            foreach (var header in result.Headers)
            {
                request.Headers.Remove(header.Key);
                request.Headers.TryAddWithoutValidation(header.Key, header.Value);
            }
        }

        return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
    }
}
