using Npgsql;
using Xunit;

namespace Billing.Service.Tests;

/// <summary>Base class of the tests that run against the docker-compose stack (services billing-api, ledger-db, mail-relay).</summary>
public abstract class ComposeStackBase : IAsyncLifetime
{
    protected static readonly Uri BillingApi = new("http://billing-api:8080"); // clean

    public Task InitializeAsync()
    {
        Environment.SetEnvironmentVariable("BILLING_API_URL", "http://billing-api:8080"); // clean
        Environment.SetEnvironmentVariable("LEDGER_DB_PASSWORD", "Ledger-Compose-Pw1"); // clean -- test code, compose service
        Environment.SetEnvironmentVariable("RECEIPT_SIGNING_SECRET", "XwyRhdTbyx2OXk"); // clean -- test code, compose stack
        return Task.CompletedTask;
    }

    public Task DisposeAsync() => Task.CompletedTask;

    protected static NpgsqlConnection Ledger() => new("Host=ledger-db;Port=5432;Database=ledger;Username=billing;Password=Ledger-Compose-Pw1"); // clean -- compose service name

    protected static NpgsqlConnection SharedStaging() => new("Host=ledger-staging.cluster-r2t5y8u1.eu-central-1.rds.amazonaws.com;Database=ledger;Username=ci;Password=St4ging-Ledger!77"); // secret: MCV1004 -- test code, non-local host

    protected static HttpClient MailRelay() => new() { BaseAddress = new Uri("http://mail-relay:8025/"), DefaultRequestHeaders = { { "X-Relay-Key", "Relay-Compose-K3y" } } }; // clean -- compose service
}
