using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using Amazon.Runtime;
using MatCarv.HealthEvents.Publishing;

namespace MatCarv.HealthEvents.Transport;

/// <summary>
/// PutEvents over HttpClient (awsJson1.1: <c>POST /</c>, <c>X-Amz-Target: AWSEvents.PutEvents</c>,
/// <c>Content-Type: application/x-amz-json-1.1</c>), signed by <see cref="EventBridgeSigningHandler"/>. Turns every answer
/// into a <see cref="PutEventsResult"/>; retrying is the sender's job, except the two single immediate retries that fix the
/// request itself: expired temporary credentials (cleared and fetched again) and clock skew (corrected from <c>Date</c>).
/// </summary>
internal sealed class EventBridgeSink : IHealthEventSink
{
    internal const string Target = "AWSEvents.PutEvents";
    internal const string ContentType = "application/x-amz-json-1.1";
    private static readonly MediaTypeHeaderValue ContentTypeHeader = new(ContentType);

    private readonly Func<HttpClient> _createClient;
    private readonly AwsSigningContext _signing;
    private HttpClient? _http;
    private readonly string _source;
    private readonly string? _eventBusName;
    private readonly TimeSpan _requestTimeout;

    /// <param name="createClient">Creates the HttpClient on the first send, on the background sender (not at start-up: cold start).</param>
    /// <param name="endpoint">The PutEvents endpoint.</param>
    /// <param name="signing">Credentials, region and clock offset.</param>
    /// <param name="source">The events' Source.</param>
    /// <param name="eventBusName">The bus, or null for the default one.</param>
    /// <param name="requestTimeout">How long one attempt may take.</param>
    public EventBridgeSink(Func<HttpClient> createClient, Uri endpoint, AwsSigningContext signing, string source, string? eventBusName, TimeSpan requestTimeout)
    {
        _createClient = createClient;
        Endpoint = endpoint;
        _signing = signing;
        _source = source;
        _eventBusName = eventBusName;
        _requestTimeout = requestTimeout;
    }

    public string Name => "eventbridge";

    public Uri Endpoint { get; }

    public async ValueTask<PutEventsResult> SendAsync(IReadOnlyList<PreparedEntry> entries, CancellationToken cancellationToken)
    {
        var body = PutEventsCodec.WriteRequest(entries, _source, _eventBusName);
        bool refreshedCredentials = false;
        bool correctedClock = false;
        while (true)
        {
            using var timeout = new CancellationTokenSource(_requestTimeout, _signing.Time);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, Endpoint);
                request.Content = new ByteArrayContent(body);
                request.Content.Headers.ContentType = ContentTypeHeader;
                request.Headers.TryAddWithoutValidation("X-Amz-Target", Target);
                request.Options.Set(EventBridgeSigningHandler.ContextKey, _signing);
                _http ??= _createClient();

                // The SDK's own request is never traced or sampled: it runs under a non-recorded parent (see TelemetrySuppression).
                using var suppression = TelemetrySuppression.Begin();
                using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead, linked.Token).ConfigureAwait(false);
                var responseBody = await response.Content.ReadAsByteArrayAsync(linked.Token).ConfigureAwait(false);
                if (response.IsSuccessStatusCode)
                {
                    return PutEventsCodec.ReadResponse(responseBody, entries.Count);
                }

                var errorType = response.Headers.TryGetValues("X-Amzn-ErrorType", out var values) ? values.FirstOrDefault() : null;
                var (parsedCode, message) = PutEventsErrors.Parse(errorType, responseBody);
                var code = parsedCode ?? string.Create(CultureInfo.InvariantCulture, $"http_{(int)response.StatusCode}");

                if (!refreshedCredentials && PutEventsErrors.IsExpiredToken(code) && _signing.Credentials is RefreshingAWSCredentials refreshing)
                {
                    refreshedCredentials = true;
                    refreshing.ClearCredentials();
                    continue;
                }

                if (!correctedClock && PutEventsErrors.IsClockSkew(code, message) && response.Headers.Date is { } serverDate)
                {
                    correctedClock = true;
                    _signing.ClockOffset = serverDate - _signing.Time.GetUtcNow();
                    continue;
                }

                bool throttling = PutEventsErrors.IsThrottling(code);
                return PutEventsResult.Failed(code, message, PutEventsErrors.IsRetryableRequest(code, response.StatusCode), throttling, RetryAfter(response));
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                return PutEventsResult.Failed("timeout", $"No answer within {_requestTimeout.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s (HealthEventsOptions.RequestTimeout).", retryable: true);
            }
            catch (HttpRequestException ex)
            {
                return PutEventsResult.Failed("connection_failed", ex.Message, retryable: true);
            }
            catch (AmazonClientException ex)
            {
                // The credentials could not produce keys (an expired SSO session, an unreachable credentials endpoint).
                return PutEventsResult.Failed("credentials_unavailable", ex.Message, retryable: true);
            }
            catch (IOException ex)
            {
                return PutEventsResult.Failed("connection_failed", ex.Message, retryable: true);
            }
        }
    }

    /// <summary>The <c>x-amz-retry-after</c> header (milliseconds) of the 2026 AWS SDK retry behaviour, else <c>Retry-After</c> seconds.</summary>
    private static TimeSpan? RetryAfter(HttpResponseMessage response)
    {
        if (response.Headers.TryGetValues("x-amz-retry-after", out var values)
            && long.TryParse(values.FirstOrDefault(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var ms) && ms >= 0)
        {
            return TimeSpan.FromMilliseconds(ms);
        }

        return response.Headers.RetryAfter?.Delta;
    }
}
