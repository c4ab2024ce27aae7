using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Amazon;
using Amazon.Runtime;
using MatCarv.HealthEvents.Tests.Infrastructure;
using MatCarv.HealthEvents.Transport;
using Microsoft.Extensions.Time.Testing;

namespace MatCarv.HealthEvents.Tests.Transport;

/// <summary>The golden vector of research/eventbridge.md §3c (AWSSDK.Core and @smithy/signature-v4 agree on it).</summary>
public sealed class SigV4SigningTests
{
    private const string GoldenSignature = "af7bfd68eb5feb71d2ab8024677478e1014adc390df8e8b2eccf12ea96c30132";
    private const string GoldenBody = "{\"Entries\":[]}";
    private static readonly DateTimeOffset GoldenTime = new(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);

    [Fact]
    public async Task Signing_handler_produces_the_golden_signature()
    {
        var captured = new CapturingHandler();
        using var invoker = new HttpMessageInvoker(new EventBridgeSigningHandler { InnerHandler = captured });
        var context = new AwsSigningContext(new SessionAWSCredentials("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "TOKEN"), RegionEndpoint.EUWest1, new FakeTimeProvider(GoldenTime));
        using var request = new HttpRequestMessage(HttpMethod.Post, "https://events.eu-west-1.amazonaws.com/");
        request.Content = new ByteArrayContent(Encoding.UTF8.GetBytes(GoldenBody));
        request.Content.Headers.ContentType = new MediaTypeHeaderValue(EventBridgeSink.ContentType);
        request.Headers.TryAddWithoutValidation("X-Amz-Target", EventBridgeSink.Target);
        request.Options.Set(EventBridgeSigningHandler.ContextKey, context);

        using var response = await invoker.SendAsync(request, CancellationToken.None);

        var authorization = captured.Request!.Headers.GetValues("Authorization").Single();
        Assert.Equal(
            "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20260102/eu-west-1/events/aws4_request, SignedHeaders=content-type;host;x-amz-content-sha256;x-amz-date;x-amz-security-token;x-amz-target, Signature=" + GoldenSignature,
            authorization);
        Assert.Equal("20260102T030405Z", captured.Request.Headers.GetValues("X-Amz-Date").Single());
        Assert.Equal("TOKEN", captured.Request.Headers.GetValues("x-amz-security-token").Single());
    }

    [Fact]
    public void Independent_verifier_reproduces_the_golden_signature()
    {
        var headers = new List<KeyValuePair<string, string>>
        {
            new("content-type", "application/x-amz-json-1.1"),
            new("host", "events.eu-west-1.amazonaws.com"),
            new("x-amz-content-sha256", "158f4f0cd891e57861672b82c4f199ec56260656b558ad15626be8e29a32e753"),
            new("x-amz-date", "20260102T030405Z"),
            new("x-amz-security-token", "TOKEN"),
            new("x-amz-target", "AWSEvents.PutEvents"),
        };

        var signature = SigV4Verifier.ComputeSignature("POST", "/", string.Empty, headers, Encoding.UTF8.GetBytes(GoldenBody), "20260102T030405Z", "eu-west-1", "events", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY");

        Assert.Equal(GoldenSignature, signature);
    }

    [Fact]
    public void Independent_verifier_rejects_a_signature_made_with_another_secret()
    {
        var headers = new List<KeyValuePair<string, string>> { new("host", "events.eu-west-1.amazonaws.com"), new("x-amz-date", "20260102T030405Z") };
        var right = SigV4Verifier.ComputeSignature("POST", "/", string.Empty, headers, [], "20260102T030405Z", "eu-west-1", "events", "secret-a");
        var wrong = SigV4Verifier.ComputeSignature("POST", "/", string.Empty, headers, [], "20260102T030405Z", "eu-west-1", "events", "secret-b");
        Assert.NotEqual(right, wrong);
    }

    private sealed class CapturingHandler : HttpMessageHandler
    {
        public HttpRequestMessage? Request { get; private set; }

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Request = request;
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK));
        }
    }
}
