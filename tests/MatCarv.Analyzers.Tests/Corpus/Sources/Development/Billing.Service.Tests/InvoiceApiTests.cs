using System.Net.Http.Headers;
using Billing.Service.Persistence;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Xunit;

namespace Billing.Service.Tests;

public sealed class DatabaseFixture : IAsyncLifetime
{
    public const string ConnectionString = "Host=localhost;Port=55432;Database=billing_tests;Username=billing;Password=T3st-Billing-Db!"; // clean -- test code, localhost

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => Task.CompletedTask;
}

[CollectionDefinition("db")]
public sealed class DatabaseCollection : ICollectionFixture<DatabaseFixture>;

[Collection("db")]
public sealed class InvoiceApiTests
{
    private const string QaDatabase = "Host=billing-qa.cluster-q4w8e2r6.eu-central-1.rds.amazonaws.com;Database=billing;Username=qa_runner;Password=Qa-Runn3r!Bill-5"; // secret(qa-db): MCV1004 -- test code, non-local host
    private const string QaApiToken = "3tWSdDfVsojLiSC6WY1cEjapNC9"; // clean -- test code: no format, no host on this line or its uses
    private const string QaGitLabToken = "glpat-SDygFwXLutn70F0bJH3r"; // secret: MCV1002
    private const string QaAwsKeyId = "ASIAYRXRLAOB5NGHUKAI"; // secret: MCV1001

    [Fact]
    public async Task Qa_has_invoices()
    {
        await using var connection = new NpgsqlConnection(QaDatabase); // same(qa-db)
        await connection.OpenAsync();
        Assert.Equal(System.Data.ConnectionState.Open, connection.State);
    }

    [Fact]
    public void Local_context_builds()
    {
        var options = new DbContextOptionsBuilder<BillingDbContext>().UseNpgsql(DatabaseFixture.ConnectionString).Options;
        using var db = new BillingDbContext(options);
        Assert.NotNull(db.Invoices);
    }

    [Fact]
    public void Tokens_are_sent_as_bearer()
    {
        var header = new AuthenticationHeaderValue("Bearer", QaApiToken);
        Assert.Equal("Bearer", header.Scheme);
        Assert.StartsWith("glpat-", QaGitLabToken, StringComparison.Ordinal);
        Assert.StartsWith("ASIA", QaAwsKeyId, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("P@ssw0rd!")] // clean -- test data
    [InlineData("Winter2025!")] // clean -- test data
    [InlineData("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")] // secret: MCV1002 -- a format-identified token as test data is still a token
    public void Weak_passwords_are_rejected(string candidate) => Assert.False(string.IsNullOrEmpty(candidate));

    [Fact]
    public void Config_defaults_are_safe()
    {
        var config = new Dictionary<string, string?>
        {
            ["Payments:SecretKey"] = "sk_test_fake", // clean -- placeholder-like, too short
            ["Payments:WebhookSecret"] = "whsec_test", // clean -- too short to be a signing secret
            ["Db:Password"] = "test-password", // clean -- test code, no host
            ["Db:Host"] = "localhost", // clean
        };
        Assert.Equal(4, config.Count);
    }
}
