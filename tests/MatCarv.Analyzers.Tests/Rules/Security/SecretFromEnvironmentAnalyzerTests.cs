using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using Verify = MatCarv.Analyzers.Tests.Infrastructure.AnalyzerVerifier<MatCarv.Analyzers.Rules.Security.SecretFromEnvironmentAnalyzer>;

namespace MatCarv.Analyzers.Tests.Rules.Security;

public class SecretFromEnvironmentAnalyzerTests
{
    private static DiagnosticResult Found(int location, string key, string source) =>
        new DiagnosticResult("MCV1005", DiagnosticSeverity.Warning).WithLocation(location).WithArguments(key, source);

    [Fact]
    public Task Secrets_read_from_the_environment_are_reported() => Verify.VerifyAsync(
        """
        using System;
        class C
        {
            void M()
            {
                var a = Environment.GetEnvironmentVariable({|#0:"DB_PASSWORD"|});
                var b = Environment.GetEnvironmentVariable({|#1:"STRIPE_API_KEY"|});
            }
        }
        """,
        Found(0, "DB_PASSWORD", "an environment variable"), Found(1, "STRIPE_API_KEY", "an environment variable"));

    // The issue 13 decision (labelling policy rule 3): configuration reads are clean by default, because the organisation backs
    // IConfiguration with AWS Secrets Manager and the analyzer cannot see the provider; teams without it opt in.
    [Fact]
    public Task Configuration_reads_are_reported_when_opted_in() => Verify.VerifyAsync(
        """
        using Microsoft.Extensions.Configuration;
        class C
        {
            void M(IConfiguration configuration)
            {
                var c = configuration[{|#2:"Jwt:SigningKey"|}];
                var d = configuration.GetValue<string>({|#3:"Payments:ClientSecret"|});
                var e = configuration.GetSection("Database")[{|#4:"Password"|}];
            }
        }
        """,
        "dotnet_code_quality.MCV1005.include_configuration = true",
        false,
        Found(2, "Jwt:SigningKey", "configuration"), Found(3, "Payments:ClientSecret", "configuration"), Found(4, "Password", "configuration"));

    [Fact]
    public Task References_to_secrets_and_ordinary_settings_are_not_reported() => Verify.VerifyAsync("""
        using System;
        using Microsoft.Extensions.Configuration;
        class C
        {
            void M(IConfiguration configuration, string name)
            {
                var a = Environment.GetEnvironmentVariable("DB_PASSWORD_SECRET_ARN");
                var b = Environment.GetEnvironmentVariable("API_KEY_SECRET_NAME");
                var c = Environment.GetEnvironmentVariable("AWS_REGION");
                var d = Environment.GetEnvironmentVariable(name);
                var e = configuration["Cache:PartitionKey"];
                var f = configuration["Auth:TokenEndpoint"];
                var g = configuration.GetValue<int>("Security:PasswordMinLength");
                configuration["Db:Password"] = "set by a test";
            }
        }
        """);

    [Fact]
    public Task Configuration_reads_are_not_reported_by_default() => Verify.VerifyAsync(
        """
        using Microsoft.Extensions.Configuration;
        class C { string? M(IConfiguration configuration) => configuration["Db:Password"]; }
        """);

    [Fact]
    public Task Platform_issued_session_tokens_and_test_code_are_not_reported() => Verify.VerifyAsync(
        """
        using System;
        class C
        {
            string? Session() => Environment.GetEnvironmentVariable("AWS_SESSION_TOKEN");
            string? Secret() => Environment.GetEnvironmentVariable({|#0:"AWS_SECRET_ACCESS_KEY"|});
        }
        class Tests
        {
            [Xunit.Fact] public void Ci() => Environment.GetEnvironmentVariable("QA_DB_PASSWORD");
        }
        """,
        null,
        true,
        Found(0, "AWS_SECRET_ACCESS_KEY", "an environment variable"));
}
