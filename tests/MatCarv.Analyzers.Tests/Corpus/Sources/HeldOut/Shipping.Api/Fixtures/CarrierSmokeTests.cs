using System.Net.Http.Headers;
using Npgsql;
using Shipping.Api.Auth;
using Xunit;

namespace Shipping.Api.Fixtures;

// Smoke tests that live next to the code they exercise (run by the deployment pipeline with --filter Category=Smoke).
[Trait("Category", "Smoke")]
public sealed class CarrierSmokeTests
{
    private const string StagingDhlKey = "PVORBUnHsSe0cJ3d2Y4gjwscI"; // clean -- test code: not a recognisable format and no host is involved
    private const string StagingGitHubToken = "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"; // secret(smoke-gh): MCV1002 -- test code still reports format-identified secrets
    private const string StagingDb = "Host=shipping-staging.cluster-c9akciq32.eu-west-1.rds.amazonaws.com;Database=shipping;Username=smoke;Password=Sm0ke-St4g!ng-55"; // secret(smoke-db): MCV1004 -- test code, but a non-local host
    private const string LocalDb = "Host=localhost;Database=shipping_test;Username=postgres;Password=Pg-T3st-L0cal!"; // clean -- test code, local host

    [Fact]
    public void Partner_keys_are_checked()
    {
        var keys = new PartnerApiKeys();
        Assert.False(keys.IsValid("acme-retail", "not-the-key")); // clean
        Assert.False(keys.IsValid("acme-retail", StagingDhlKey));
    }

    [Fact]
    public async Task Staging_database_answers()
    {
        await using var connection = new NpgsqlConnection(StagingDb); // same(smoke-db)
        await connection.OpenAsync();
        Assert.Equal(System.Data.ConnectionState.Open, connection.State);
    }

    [Fact]
    public async Task Release_notes_are_reachable()
    {
        using var http = new HttpClient();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("token", StagingGitHubToken); // same(smoke-gh)
        http.DefaultRequestHeaders.UserAgent.ParseAdd("shipping-smoke/1.0"); // clean
        using var response = await http.GetAsync(new Uri("https://api.github.com/repos/example-corp/shipping/releases/latest"));
        Assert.True(response.IsSuccessStatusCode);
    }

    [Fact]
    public async Task Local_database_answers()
    {
        await using var connection = new NpgsqlConnection(LocalDb);
        await connection.OpenAsync();
    }

    [Theory]
    [InlineData("hunter2")] // clean -- test input for the validator
    [InlineData("Sup3r-S3cret-Passw0rd!")] // clean -- test input, not a credential of any system
    public void Basic_auth_rejects_unknown_passwords(string password)
    {
        var attribute = new BasicAuthAttribute { Username = "label-printer", Password = password };
        Assert.NotEqual("Pr1nt3r!Fl33t#77-old", attribute.Password); // clean -- test code comparison, no host
    }
}
