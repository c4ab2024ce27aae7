using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using Verify = MatCarv.Analyzers.Tests.Infrastructure.AnalyzerVerifier<MatCarv.Analyzers.Rules.Security.CredentialInConnectionStringAnalyzer>;

namespace MatCarv.Analyzers.Tests.Rules.Security;

public class CredentialInConnectionStringAnalyzerTests
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
}
