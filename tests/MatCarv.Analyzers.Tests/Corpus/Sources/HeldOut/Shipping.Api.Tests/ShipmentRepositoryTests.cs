using Dapper;
using Npgsql;
using Testcontainers.PostgreSql;
using Xunit;

namespace Shipping.Api.Tests;

public sealed class PostgresFixture : IAsyncLifetime
{
    private readonly PostgreSqlContainer _container = new PostgreSqlBuilder()
        .WithImage("postgres:16-alpine") // clean
        .WithDatabase("shipping")
        .WithUsername("shipping")
        .WithPassword("Tc-Pg!Shipping-2291") // clean -- test code, a throw-away container
        .Build();

    public string ConnectionString => _container.GetConnectionString();

    public Task InitializeAsync() => _container.StartAsync();

    public Task DisposeAsync() => _container.DisposeAsync().AsTask();
}

public sealed class ShipmentRepositoryTests(PostgresFixture postgres) : IClassFixture<PostgresFixture>
{
    private const string SharedIntegrationDb = "Host=int-shipping.cluster-ro-c9akciq32.eu-west-1.rds.amazonaws.com;Database=shipping;Username=integration;Password=1nt3gr@tion-Shp-08"; // secret(shared-db): MCV1004 -- test code, non-local host
    private const string ComposeDb = "Host=postgres;Port=5432;Database=shipping;Username=shipping;Password=Sh1pp!ng-C0mpose"; // clean -- test code, compose container name
    private const string LoopbackDb = "Host=127.0.0.1;Database=shipping;Username=ci;Password=C1-L00pback!x"; // clean -- test code, loopback

    [Fact]
    public async Task Inserted_shipments_are_listed()
    {
        await using var connection = new NpgsqlConnection(postgres.ConnectionString);
        await connection.ExecuteAsync("CREATE TABLE IF NOT EXISTS shipments (id uuid primary key, tracking_number text, carrier text, created_at timestamptz)"); // clean
        var count = await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM shipments");
        Assert.True(count >= 0);
    }

    [Fact(Skip = "runs nightly against the shared integration database")]
    public async Task Shared_database_has_the_reporting_view()
    {
        await using var connection = new NpgsqlConnection(SharedIntegrationDb); // same(shared-db)
        var exists = await connection.ExecuteScalarAsync<bool>("SELECT EXISTS (SELECT 1 FROM pg_views WHERE viewname = 'daily_manifest')");
        Assert.True(exists);
    }

    [Fact]
    public void Connection_strings_parse()
    {
        Assert.Equal("postgres", new NpgsqlConnectionStringBuilder(ComposeDb).Host);
        Assert.Equal("127.0.0.1", new NpgsqlConnectionStringBuilder(LoopbackDb).Host);
    }

    [Fact]
    public void Secret_names_resolve_from_the_environment()
    {
        var password = Environment.GetEnvironmentVariable("INTEGRATION_DB_PASSWORD"); // clean -- test code reads its secrets from the CI environment (MCV1005 does not apply to tests)
        Assert.True(password is null || password.Length > 0);
    }
}
