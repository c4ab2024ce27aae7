using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Mvc;

namespace Billing.Service.Controllers;

[AttributeUsage(AttributeTargets.Method)]
public sealed class RequireSignatureAttribute(string secret, string algorithm = "sha256") : Attribute
{
    public string Secret { get; } = secret;
    public string Algorithm { get; } = algorithm;
    public string? HeaderName { get; init; }
}

[AttributeUsage(AttributeTargets.Class)]
public sealed class PartnerAuthAttribute : Attribute
{
    public string? ClientId { get; set; }
    public string? ClientSecret { get; set; }
    public string? TokenEndpoint { get; set; }
}

[ApiController]
[Route("webhooks")]
[PartnerAuth(ClientId = "billing-webhooks", ClientSecret = "UC6GCCKXyByTeFv5q6KeGC21tb8mGPsrwJ5cWiG", TokenEndpoint = "https://idp.example-corp.net/oauth2/token")] // secret: MCV1003
public sealed class PartnerWebhooksController : ControllerBase
{
    private static readonly Dictionary<string, string> SigningSecrets = new(StringComparer.Ordinal)
    {
        { "paypal", "SnoqP9nZJ7eh3Z4KkLW3vZFE3U3xwJl0z" }, // secret: MCV1003
        { "gocardless", "DiHDHuFSL-x35oY1Zxkrw1pjCy8_5dDRnzzk" }, // secret: MCV1003
        { "klarna", "mLqdM1_6dUaCB8ONmd" }, // secret: MCV1003
    };

    private static readonly Dictionary<string, string> SignatureHeaders = new(StringComparer.Ordinal)
    {
        { "paypal", "PAYPAL-TRANSMISSION-SIG" }, // clean
        { "gocardless", "Webhook-Signature" }, // clean
        { "klarna", "Klarna-Signature" }, // clean
    };

    [HttpPost("paypal")]
    [RequireSignature("NrFGU7iXnH8O5Oq86vmrMJt6Zr-0gOO7Bcq4GIo", HeaderName = "PAYPAL-TRANSMISSION-SIG")] // secret: MCV1003
    public IActionResult PayPal([FromBody] string body) => Verify("paypal", body) ? Ok() : BadRequest();

    [HttpPost("adyen")]
    [RequireSignature("{{ADYEN_HMAC_KEY}}")] // clean -- template
    public IActionResult Adyen([FromBody] string body) => Ok(body.Length);

    private bool Verify(string partner, string body)
    {
        var provided = Request.Headers[SignatureHeaders[partner]].ToString();
        var expected = Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(SigningSecrets[partner]), Encoding.UTF8.GetBytes(body)));
        return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(provided));
    }
}
