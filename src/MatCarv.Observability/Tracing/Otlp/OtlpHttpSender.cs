using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using MatCarv.Observability.Tracing.Otlp.Signing;
using MatCarv.Observability.Tracing.Sampling;

namespace MatCarv.Observability.Tracing.Otlp;

/// <summary>
/// POSTs encoded requests to the OTLP/HTTP endpoint (<c>Content-Type: application/x-protobuf</c>, optional gzip, the
/// configured headers, SigV4 for X-Ray). OTLP/HTTP rules: 2xx is success, and its body may report a partial success whose
/// rejected spans are counted as drops; 429, 502, 503 and 504 (and connection failures) are retried, at most
/// <see cref="MaxAttempts"/> times, waiting <c>Retry-After</c> when given (capped) or an exponential back-off; any other status
/// drops the batch, counted. Never throws.
/// </summary>
internal sealed class OtlpHttpSender : IDisposable
{
    public const int MaxAttempts = 3;

    private static readonly TimeSpan MaxRetryDelay = TimeSpan.FromSeconds(5);
    private static readonly MediaTypeHeaderValue Protobuf = new("application/x-protobuf");

    private readonly OtlpSettings _settings;
    private readonly TelemetryRuntime _runtime;
    private readonly HttpClient _http;
    private readonly XRaySigV4Signer? _signer;

    public OtlpHttpSender(OtlpSettings settings, TelemetryRuntime runtime)
    {
        _settings = settings;
        _runtime = runtime;
        _http = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) }) { Timeout = settings.Timeout };
        _signer = settings.SigningRegion is { } region ? CreateSigner(runtime, region) : null;
    }

    /// <summary>Requests answered 2xx so far.</summary>
    public long Delivered { get; private set; }

    /// <summary>Sends one request body carrying <paramref name="spanCount"/> spans.</summary>
    public async Task SendAsync(ReadOnlyMemory<byte> body, int spanCount)
    {
        // The SDK's own HTTP call is never traced (it would be exported, and so on).
        using var suppression = SelfTracingSuppression.Enter();
        var payload = _settings.Gzip ? Compress(body.Span) : body.ToArray();
        for (int attempt = 1; ; attempt++)
        {
            TimeSpan? retryAfter = null;
            string reason;
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, _settings.Endpoint) { Content = new ByteArrayContent(payload) };
                request.Content.Headers.ContentType = Protobuf;
                if (_settings.Gzip)
                {
                    request.Content.Headers.ContentEncoding.Add("gzip");
                }

                foreach (var (key, value) in _settings.Headers)
                {
                    request.Headers.TryAddWithoutValidation(key, value);
                }

                if (_signer is not null && !await _signer.SignAsync(request, payload, CancellationToken.None).ConfigureAwait(false))
                {
                    Drop("no_credentials", spanCount, _signer.Problem);
                    return;
                }

                using var response = await _http.SendAsync(request, CancellationToken.None).ConfigureAwait(false);
                if (response.IsSuccessStatusCode)
                {
                    Delivered++;
                    var answer = await response.Content.ReadAsByteArrayAsync().ConfigureAwait(false);
                    if (OtlpResponse.RejectedSpans(answer) is > 0 and var rejected)
                    {
                        Drop("otlp_rejected", rejected, null);
                    }

                    return;
                }

                var status = (int)response.StatusCode;
                if (status is not (429 or 502 or 503 or 504))
                {
                    Drop("otlp_status_" + status.ToString(System.Globalization.CultureInfo.InvariantCulture), spanCount, null);
                    return;
                }

                retryAfter = response.Headers.RetryAfter?.Delta;
                reason = "otlp_unavailable";
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or IOException)
            {
                reason = "send_failed";
            }

            if (attempt == MaxAttempts)
            {
                Drop(reason, spanCount, null);
                return;
            }

            var delay = retryAfter ?? TimeSpan.FromMilliseconds(250 * (1 << (attempt - 1)));
            await Task.Delay(delay > MaxRetryDelay ? MaxRetryDelay : delay, _runtime.Time).ConfigureAwait(false);
        }
    }

    public void Dispose() => _http.Dispose();

    private static XRaySigV4Signer CreateSigner(TelemetryRuntime runtime, string region) => new(runtime, region);

    private static byte[] Compress(ReadOnlySpan<byte> body)
    {
        using var output = new MemoryStream(body.Length / 4 + 64);
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(body);
        }

        return output.ToArray();
    }

    private void Drop(string reason, long spans, string? problem)
    {
        _runtime.Diagnostics.ReportDrop("tracing", reason, spans);
        if (problem is not null)
        {
            _runtime.Diagnostics.Warn(problem, "tracing", reason);
        }
    }
}
