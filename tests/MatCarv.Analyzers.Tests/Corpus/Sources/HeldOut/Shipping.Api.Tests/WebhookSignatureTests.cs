using System.Security.Cryptography;
using System.Text;
using Xunit;

namespace Shipping.Api.Tests;

public abstract class SignedRequestTestBase
{
    protected const string SigningSecret = "_PpcH-p8Qhz2H53dg9PyM1yGz5DZfVSm9_9o1"; // clean -- test code: a made-up HMAC key, no host

    protected static string Sign(string body)
    {
        using var hmac = new HMACSHA256(Encoding.UTF8.GetBytes(SigningSecret));
        return Convert.ToHexStringLower(hmac.ComputeHash(Encoding.UTF8.GetBytes(body)));
    }
}

public sealed class WebhookSignatureTests : SignedRequestTestBase
{
    private const string StripeTestSecret = "whsec_n90xkrbsCXfdr3UCVFA3ZrTNStqvze3f"; // secret: MCV1002 -- webhook signing secret format, also in tests
    private const string ExpectedSignature = "01072ace2bd3e3a9452d7754098127e9b6059caefdf70e2de578152b5927201e"; // clean -- an expected HMAC output

    [Fact]
    public void Signatures_are_hex()
    {
        var signature = Sign("{\"id\":\"evt_1\"}");
        Assert.Equal(64, signature.Length);
        Assert.NotEqual(ExpectedSignature, signature);
    }

    [Fact]
    public void Stripe_secret_has_the_prefix() => Assert.StartsWith("whsec_", StripeTestSecret);

    [Fact]
    public void Keys_are_256_bits()
    {
        var key = RandomNumberGenerator.GetBytes(32);
        using var hmac = new HMACSHA256(key);
        Assert.Equal(32, hmac.Key.Length);
    }
}
