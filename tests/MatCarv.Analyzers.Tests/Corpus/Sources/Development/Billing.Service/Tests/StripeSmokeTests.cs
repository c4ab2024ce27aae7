using NUnit.Framework;
using Stripe;

namespace Billing.Service.Tests;

/// <summary>Smoke tests shipped inside the service (run after deployment).</summary>
[TestFixture]
[Category("smoke")]
public sealed class StripeSmokeTests
{
    private const string SmokeKey = "sk_test_94VOFOBmLOYyhpkpe5ZrcQRHz8lAGTtHJOox4elGa0GqIdlzNkNHtatQ2YgNaQQZp7OmxVvmyajv5gn6V09YnKx9AeS8x7Xb7iA"; // secret: MCV1002 -- test code still reports format-identified secrets
    private const string PlaceholderKey = "sk_test_XXXXXXXXXXXXXXXXXXXXXXXX"; // clean -- placeholder
    private const string LocalStripeMock = "http://localhost:12111"; // clean -- stripe-mock
    private const string MockKey = "sk_test_123"; // clean -- stripe-mock accepts any key; too short to be a key

    [Test]
    public async Task Balance_is_readable()
    {
        var client = new StripeClient(SmokeKey);
        var balance = await new BalanceService(client).GetAsync();
        Assert.That(balance, Is.Not.Null);
    }

    [Test]
    public void Mock_server_is_configured() => Assert.That(new StripeClient(MockKey, apiBase: LocalStripeMock), Is.Not.Null);

    [Test]
    public void Placeholder_is_not_used() => Assert.That(PlaceholderKey, Does.Contain("XXXX"));

    [Test]
    public void Admin_password_is_rejected()
    {
        const string candidate = "Adm1n-P@ss-Sm0ke"; // clean -- test code: no host
        Assert.That(candidate, Has.Length.GreaterThan(8));
    }

    [Test]
    public void Remote_sftp_accepts_the_smoke_user()
    {
        var credential = new System.Net.NetworkCredential("smoke", "Sm0ke!Sftp-Remote"); // secret: MCV1003 -- test code, non-local host below
        var target = new Uri("sftp://sftp.bank-partner.example.com/inbound"); // clean
        Assert.That(credential.UserName + "@" + target.Host, Is.Not.Empty);
    }
}
