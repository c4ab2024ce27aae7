using NUnit.Framework;

namespace Shipping.Api.Tests;

/// <summary>Points the service at the docker compose environment started by the CI job.</summary>
public abstract class IntegrationTestBase
{
    [OneTimeSetUp]
    public void ConfigureEnvironment()
    {
        Environment.SetEnvironmentVariable("SHIPPING_DB_PASSWORD", "Cmp0se-Db!Pass"); // clean -- test code, local compose database
        Environment.SetEnvironmentVariable("REDIS_AUTH_TOKEN", "redis-compose-token"); // clean
        Environment.SetEnvironmentVariable("STRIPE_SECRET_KEY", "sk_test_XitepdcbVFXk5i9bYrbX7p35fGqkQFPoaFCd8uFOTCvoCkOtdbQ3gSxPzn4sCM5eSEofl0dwWEA4097Y9gcjLXbkLSi7sZbATG5"); // secret: MCV1002 -- format-identified, also in tests
        Environment.SetEnvironmentVariable("AWS_ACCESS_KEY_ID", "test"); // clean -- LocalStack
        Environment.SetEnvironmentVariable("AWS_SECRET_ACCESS_KEY", "test"); // clean -- LocalStack
        Environment.SetEnvironmentVariable("DD_API_KEY", "221cdf89fd53132c2b22a75a57ac3bbf"); // clean -- test code: no recognisable format and no host
        Environment.SetEnvironmentVariable("SHIPPING_API_BASE", "http://shipping-api:8080"); // clean
    }

    protected static string StagingAdminPassword => "St4ge-Adm1n!Shp"; // clean -- test code, no host in sight

    protected static Uri StagingAdmin => new("https://admin:St4ge-Adm1n!Shp@staging-admin.shipping.example-corp.net/"); // secret: MCV1004 -- test code, non-local host
}

[TestFixture]
public sealed class LabelApiTests : IntegrationTestBase
{
    private static readonly string[] SampleTokens =
    [
        "xoxb-40939408093-6326433534577-BiY3XrcR9vyaK7hrWLDjjgdA", // secret: MCV1002
        "not-a-real-token", // clean
        "xoxb-XXXXXXXXXXXX-XXXXXXXXXXXXX-XXXXXXXXXXXXXXXXXXXXXXXX", // clean -- placeholder
    ];

    [Test]
    public void Tokens_are_recognised() => Assert.That(SampleTokens, Has.Length.EqualTo(3));

    [Test]
    public void Admin_uri_has_credentials() => Assert.That(StagingAdmin.UserInfo, Is.Not.Empty);

    [Test]
    public void Password_is_set() => Assert.That(StagingAdminPassword, Is.Not.Empty);
}
