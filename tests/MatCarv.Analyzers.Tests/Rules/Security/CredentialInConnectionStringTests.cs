using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using Verify = MatCarv.Analyzers.Tests.Infrastructure.SecretRuleVerifier<MatCarv.Analyzers.Tests.Infrastructure.Mcv1004>;

namespace MatCarv.Analyzers.Tests.Rules.Security;

public class CredentialInConnectionStringTests
{
    private static DiagnosticResult Found(int location, string kind) =>
        new DiagnosticResult("MCV1004", DiagnosticSeverity.Warning).WithLocation(location).WithArguments(kind);

    [Fact]
    public Task Passwords_in_connection_strings_and_urls_are_reported() => Verify.VerifyAsync(
        """
        class C
        {
            const string Sql = {|#0:"Server=orders-db;Database=orders;User Id=app;Password=Tr0ub4dor&3x;"|};
            const string Pg = {|#1:"Host=pg;Username=app;Pwd='s3cr3t-Pg!'"|};
            const string Mongo = {|#2:"mongodb+srv://app:Zq8vK2mLp4@cluster0.abcde.mongodb.net/orders"|};
            const string Redis = {|#3:"redis://:R3dis!Pass@cache.internal:6379"|};
            const string Api = {|#4:"https://api.partner.com/v1/orders?client_id=shop&client_secret=Qv8Wm2Xk5Lp9Rt3Z"|};
            string Interpolated(string host) => {|#5:$"Server={host};User Id=app;Password=Tr0ub4dor&3x;"|};
        }
        """,
        Found(0, "connection string"), Found(1, "connection string"), Found(2, "URL"), Found(3, "URL"), Found(4, "URL query"), Found(5, "connection string"));

    [Fact]
    public Task Holes_placeholders_and_password_free_strings_are_not_reported() => Verify.VerifyAsync("""
        class C
        {
            const string Integrated = "Server=orders-db;Database=orders;Integrated Security=true;";
            const string Format = "Server={0};User Id={1};Password={2};";
            const string Template = "Server=db;User Id=app;Password=${DB_PASSWORD};";
            const string Masked = "postgres://app:****@db:5432/orders";
            const string Docs = "Server=db;User Id=app;Password=<your-password>;";
            const string Empty = "Server=db;User Id=app;Password=;";
            const string NoUserInfo = "https://api.partner.com/v1/orders?page=2";
            string Built(string host, string password) => $"Server={host};User Id=app;Password={password};";
            string Concat(string password) => "Server=db;User Id=app;Password=" + password + ";";
        }
        """);

    [Fact]
    public Task Redis_strings_query_keys_and_documents_are_reported() => Verify.VerifyAsync(
        """
        class C
        {
            const string Redis = {|#0:"billing-redis.internal.example-corp.net:6380,ssl=true,user=billing,password=YXrSqiBYsXvlGk784n"|};
            const string Rates = {|#1:"https://api.exchangerates.example/latest?access_key=946a87e7008ec413b696fe0e50951e2b&base=EUR"|};
            const string Soap = {|#2:"<wsse:UsernameToken><wsse:Username>SVC</wsse:Username><wsse:Password>B4nk-S0ap!Gw-91</wsse:Password></wsse:UsernameToken>"|};
            const string Template = "<wsse:Password>{password}</wsse:Password>";
            const string RedisNoPassword = "cache.internal:6379,ssl=true,abortConnect=false";
        }
        """,
        Found(0, "Redis connection string"), Found(1, "URL query"), Found(2, "XML document"));

    // Labelling policy rule 5: a password for localhost, 127.0.0.1, *.local or a development container is a development value.
    [Fact]
    public Task Local_hosts_and_containers_are_not_reported() => Verify.VerifyAsync("""
        class C
        {
            const string Pg = "Server=localhost;Port=5432;User Id=postgres;Password=Local-Dev-Only-1;Database=billing";
            const string Loopback = "amqp://billing:R4bbit-L0cal@127.0.0.1:5672";
            const string Mdns = "billing-redis.test.local:6379,password=T3st-Redis-L0cal";
            const string Compose = "redis:6379,password=Compose-Redis-1";
            const string LocalDb = "Server=(localdb)\\mssqllocaldb;User Id=sa;Password=L0calDb!Pass";
        }
        """);
}
