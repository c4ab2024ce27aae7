using Dapper;
using MySqlConnector;
using Npgsql;

namespace Shipping.Api.Data;

public sealed record Shipment(Guid Id, string TrackingNumber, string Carrier, DateTimeOffset CreatedAt);

public sealed class ShipmentRepository(NpgsqlDataSource dataSource)
{
    private const string ReportingConnectionString =
        "Host=reporting-replica.internal.example-corp.net;Port=5432;Database=shipping_reports;Username=bi_reader;Password=R3p0rt!ng-Rd-2024;SSL Mode=Require"; // secret(reporting-db): MCV1004

    private const string LegacyWarehouseDb = "Server=wh-mysql-01.dc2.example-corp.net;Uid=wms_sync;Pwd=Wm$Sync_4471;Database=wms"; // secret(warehouse-db): MCV1004

    private const string LocalDevDb = "Host=localhost;Port=5432;Database=shipping;Username=postgres;Password=postgres"; // clean -- local development database

    private const string TemplateConnectionString = "Host={0};Database=shipping;Username={1};Password={2}"; // clean -- format holes

    private const string InsertSql = "INSERT INTO shipments (id, tracking_number, carrier, created_at) VALUES (@Id, @TrackingNumber, @Carrier, @CreatedAt)"; // clean

    public async Task<IEnumerable<Shipment>> RecentAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.QueryAsync<Shipment>("SELECT id, tracking_number, carrier, created_at FROM shipments ORDER BY created_at DESC LIMIT 50");
    }

    public async Task InsertAsync(Shipment shipment)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        await connection.ExecuteAsync(InsertSql, shipment);
    }

    public static async Task<long> CountForReportAsync()
    {
        await using var connection = new NpgsqlConnection(ReportingConnectionString); // same(reporting-db)
        return await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM shipments");
    }

    public static async Task<int> SyncWarehouseAsync()
    {
        var builder = new MySqlConnectionStringBuilder(LegacyWarehouseDb) // same(warehouse-db)
        {
            Password = "Wm$Sync_4471-rotated", // secret: MCV1003
            ConnectionTimeout = 5,
        };
        await using var connection = new MySqlConnection(builder.ConnectionString);
        return await connection.ExecuteAsync("CALL sync_stock()");
    }

    public static NpgsqlConnection Archive(string host, string password)
    {
        var cs = $"Host={host};Database=shipping_archive;Username=archiver;Password={password}"; // clean -- interpolated
        return new NpgsqlConnection(cs);
    }

    public static NpgsqlConnection Local() => new(LocalDevDb);

    public static string Format(string host, string user, string password) => string.Format(System.Globalization.CultureInfo.InvariantCulture, TemplateConnectionString, host, user, password);
}
