using System.Net;
using System.Net.Http.Headers;
using System.Text;
using NUnit.Framework;
using Shipping.Api.Http;

namespace Shipping.Api.Tests;

[TestFixture]
public class CarrierApiTests
{
    private const string SandboxBearer = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJvcHMtYWRtaW4iLCJpc3MiOiJodHRwczovL2F1dGguaW50ZXJuYWwuZXhhbXBsZS1jb3JwLm5ldCIsInNjb3BlIjoib3JkZXJzOndyaXRlIiwiaWF0IjoxNzM3MjM3MjI0fQ.fuAtGGM3Vf5uqmvPSKDhXVGClLlRXtZY0WEr1qo4NS4"; // secret(sandbox-jwt): MCV1002 -- a signed JWT is format-identified, also in tests
    private const string SlackAlerts = "https://hooks.slack.com/services/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"; // secret: MCV1002
    private const string UnsignedToken = "eyJhbGciOiJub25lIiwidHlwIjoiSldUIn0.eyJzdWIiOiJ0ZXN0LXVzZXIiLCJyb2xlIjoicmVhZGVyIn0."; // clean -- alg none, unsigned
    private const string FakeBearer = "test-token-123"; // clean
    private HttpClient _http = null!;

    [SetUp]
    public void SetUp() => _http = new HttpClient { BaseAddress = new Uri("http://localhost:5080/") };

    [TearDown]
    public void TearDown() => _http.Dispose();

    [Test]
    public void Gls_client_uses_basic_auth()
    {
        var http = CarrierHttp.Gls();
        Assert.That(http.DefaultRequestHeaders.Authorization?.Scheme, Is.EqualTo("Basic"));
    }

    [Test]
    public async Task Sandbox_rejects_expired_tokens()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "https://sandbox.postnl.nl/shipment/v2/status/barcode/3SABCD1234567");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", SandboxBearer); // same(sandbox-jwt)
        using var response = await new HttpClient().SendAsync(request);
        Assert.That(response.StatusCode, Is.Not.EqualTo(HttpStatusCode.InternalServerError));
    }

    [Test]
    public async Task Local_api_accepts_the_fake_token()
    {
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", FakeBearer);
        using var response = await _http.GetAsync(new Uri("health", UriKind.Relative));
        Assert.That((int)response.StatusCode, Is.LessThan(500));
    }

    [Test]
    public void Basic_header_round_trips()
    {
        var encoded = Convert.ToBase64String(Encoding.UTF8.GetBytes("tester:tester-password")); // clean -- test code, no host
        Assert.That(Encoding.UTF8.GetString(Convert.FromBase64String(encoded)), Does.StartWith("tester:"));
    }

    [Test]
    public void Partner_sandbox_accepts_credentials()
    {
        var credential = new NetworkCredential("sandbox-shipper", "Sbx!Partner-2219"); // secret(sandbox-cred): MCV1003 -- test code, but for a non-local host below
        using var handler = new HttpClientHandler { Credentials = credential }; // same(sandbox-cred)
        using var http = new HttpClient(handler) { BaseAddress = new Uri("https://sandbox.partner-logistics.example.com/") };
        Assert.That(http.BaseAddress!.Host, Does.EndWith("example.com"));
    }

    [TestCase("ak_live_key_that_is_not_real")] // clean -- test input
    [TestCase("")]
    public void Unknown_keys_are_rejected(string key) => Assert.That(new Shipping.Api.Auth.PartnerApiKeys().IsValid("acme-retail", key), Is.False);

    [Test]
    public void Alerts_go_to_slack() => Assert.That(SlackAlerts, Does.StartWith("https://hooks.slack.com/"));

    [Test]
    public void Unsigned_tokens_have_two_dots() => Assert.That(UnsignedToken.Count(c => c == '.'), Is.EqualTo(2));
}
