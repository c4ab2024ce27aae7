using System.Net;
using System.Security.Cryptography;
using System.Text;
using NUnit.Framework;
using Testcontainers.PostgreSql;

namespace Billing.Service.Tests;

[TestFixture]
public class PaymentProviderTests
{
    private PostgreSqlContainer? _postgres;

    [OneTimeSetUp]
    public async Task StartDatabase()
    {
        _postgres = new PostgreSqlBuilder().WithImage("postgres:17").WithPassword("tc-Billing-Pw!9").Build(); // clean -- test container
        await _postgres.StartAsync();
    }

    [OneTimeTearDown]
    public async Task StopDatabase()
    {
        if (_postgres is not null)
        {
            await _postgres.DisposeAsync();
        }
    }

    [Test]
    public void Adyen_hmac_matches_the_documented_example()
    {
        var key = Convert.FromHexString("4febf5bb485050fdcece0e693146ed76bc1fd93afa8ca412388c7b876d27edd3"); // clean -- test code: a made-up HMAC key, no host
        using var hmac = new HMACSHA256(key);
        var signature = Convert.ToBase64String(hmac.ComputeHash(Encoding.UTF8.GetBytes("pspReference:merchantReference")));
        Assert.That(signature, Is.Not.Empty);
    }

    [Test]
    public async Task Sandbox_login_works()
    {
        using var handler = new HttpClientHandler { Credentials = new NetworkCredential("billing-sandbox", "Sbx-B1lling!Pay") }; // secret(paysandbox): MCV1003 -- test code, non-local host below
        using var http = new HttpClient(handler) { BaseAddress = new Uri("https://sandbox.payment-partner.example.com/") }; // same(paysandbox)
        using var response = await http.GetAsync(new Uri("ping", UriKind.Relative));
        Assert.That(response.StatusCode, Is.Not.EqualTo(HttpStatusCode.InternalServerError));
    }

    [Test]
    public async Task Local_gateway_login_works()
    {
        using var handler = new HttpClientHandler { Credentials = new NetworkCredential("gateway", "Gw-L0cal!Pass") }; // clean -- test code, local host below
        using var http = new HttpClient(handler) { BaseAddress = new Uri("http://localhost:7070/") }; // clean
        using var response = await http.GetAsync(new Uri("ping", UriKind.Relative));
        Assert.That((int)response.StatusCode, Is.LessThan(500));
    }

    [TestCase("4111111111111111")] // clean -- a documented test card number
    [TestCase("5555555555554444")] // clean
    public void Test_cards_pass_luhn(string pan) => Assert.That(pan, Has.Length.EqualTo(16));

    [Test]
    public void Docker_hub_token_is_configured() => Assert.That("dckr_pat_VXlE0NdsaF1aHXg9-xZhn192ShR", Does.StartWith("dckr_pat_")); // secret: MCV1002

    [Test]
    public void Private_key_loads()
    {
        using var ecdsa = ECDsa.Create();
        ecdsa.ImportFromPem("-----BEGIN PRIVATE KEY-----\nMIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgWZ7EQPl7NCUINELw\njbEtiPMQb2AXfTsLu0/qiZzfT42hRANCAARGLmSq38KM6I+WcDS1XJPU7PO7qpq0\n7gN36m+ENr6MWlX4Msas/NJSDlskc+YAqgeWaL3WwUdEXjislpPDGGAh\n-----END PRIVATE KEY-----"); // secret: MCV1002 -- a private key, also in tests
        Assert.That(ecdsa.KeySize, Is.EqualTo(256));
    }

    [Test]
    public void Public_key_loads()
    {
        using var ecdsa = ECDsa.Create();
        ecdsa.ImportFromPem("-----BEGIN PUBLIC KEY-----\nMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEEjmay3H8iCx2Al/s+tOECX2eT8dr\nua5zYAA8YRT079e6G9YcnvahWCEGi7RwPLz4jCnOUlpWwco2VnWBjOAswg==\n-----END PUBLIC KEY-----"); // clean
        Assert.That(ecdsa.KeySize, Is.EqualTo(256));
    }
}
