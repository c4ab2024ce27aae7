using System.Data;
using Dapper;
using MongoDB.Driver;
using MySqlConnector;
using Npgsql;

namespace Billing.Service.Persistence;

public sealed record LedgerLine(long Id, string Account, decimal Debit, decimal Credit);

public sealed class LedgerQueries
{
    private static readonly string LedgerDb = new NpgsqlConnectionStringBuilder
    {
        Host = "ledger.internal.example-corp.net", // clean
        Username = "ledger_rw",
        Password = "L3dger-RW!2025x", // secret: MCV1003
        Database = "ledger",
        SslMode = SslMode.VerifyFull,
    }.ToString();

    private static readonly string ErpDb = "server=erp-mysql.internal.example-corp.net;user id=erp_bridge;password=Erp^Br1dge-42;database=erp;sslmode=Required"; // secret: MCV1004

    private static readonly string DocsDb = "mongodb://billing-docs:Bd0cs-M0ng0!x@docs-1.internal.example-corp.net:27017,docs-2.internal.example-corp.net:27017/billing?replicaSet=rs0"; // secret: MCV1004

    private static readonly string ErpDbPasswordParameter = "/billing/prod/erp/password"; // clean -- SSM parameter name

    public static async Task<IReadOnlyList<LedgerLine>> ForAccountAsync(string account)
    {
        await using var connection = new NpgsqlConnection(LedgerDb);
        var lines = await connection.QueryAsync<LedgerLine>("SELECT id, account, debit, credit FROM ledger WHERE account = @account", new { account }); // clean
        return lines.AsList();
    }

    public static async Task<int> BridgeAsync()
    {
        await using var erp = new MySqlConnection(ErpDb);
        return await erp.ExecuteAsync("CALL bridge_invoices()", commandType: CommandType.Text);
    }

    public static IMongoCollection<LedgerLine> Documents() => new MongoClient(DocsDb).GetDatabase("billing").GetCollection<LedgerLine>("ledger_docs");

    public static IMongoDatabase Audit()
    {
        var settings = MongoClientSettings.FromConnectionString("mongodb://audit-docdb.cluster-q4w8e2r6.eu-central-1.docdb.amazonaws.com:27017/?tls=true"); // clean -- no credentials in the string
        settings.Credential = MongoCredential.CreateCredential("audit", "auditor", "Aud1t-D0cDB!77"); // secret: MCV1003
        return new MongoClient(settings).GetDatabase("audit");
    }

    public static IMongoDatabase AuditLocal()
    {
        var settings = MongoClientSettings.FromConnectionString("mongodb://localhost:27017"); // clean
        settings.Credential = MongoCredential.CreateCredential("admin", "root", "example"); // clean -- local container (the Mongo image's documented example)
        return new MongoClient(settings).GetDatabase("audit");
    }

    public static string ParameterName => ErpDbPasswordParameter;
}
