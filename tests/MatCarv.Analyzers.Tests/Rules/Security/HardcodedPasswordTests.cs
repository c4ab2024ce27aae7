using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using Verify = MatCarv.Analyzers.Tests.Infrastructure.SecretRuleVerifier<MatCarv.Analyzers.Tests.Infrastructure.Mcv1003>;

namespace MatCarv.Analyzers.Tests.Rules.Security;

public class HardcodedPasswordTests
{
    [Fact]
    public Task Every_kind_of_named_location_is_reported() => Verify.VerifyAsync("""
        using System.Collections.Generic;
        class Options { public string? Password { get; set; } public string? ApiToken { get; set; } }
        class C
        {
            private const string DbPassword = [|"Tr0ub4dor&3x"|];
            private string _clientSecret = [|"q8VfZ2mX4kLp9RtW7yNb3HcJ"|];
            public string SigningKey { get; } = [|"Jx7#kP2$mQ9vL4@wR8zT1!nB"|];
            public string AdminPassword => [|"S3cure!Admin2024"|];
            void Connect(string user, string password = [|"Winter2024!x"|]) { }
            void M(Dictionary<string, string> settings)
            {
                var smtpPassword = [|"mail-P4ss-2023"|];
                Connect("svc", password: [|"Spr1ng#Time"|]);
                Connect("svc", [|"P0sitional!pw"|]);
                var o = new Options { Password = [|"Obj3ct!Init"|], ApiToken = [|"tok_9fK2mQ7xL4pV8rZ1wN6y"|] };
                settings["db_password"] = [|"Ind3x!Assign"|];
                settings.Add("api_key", [|"Zk3Lr9Vx2Qm7Pt4Wn8Yb1Hc6"|]);
                var d = new Dictionary<string, string> { ["Password"] = [|"Dict!Init99"|] };
                var e = new Dictionary<string, string> { { "ClientSecret", [|"Qv8Wm2Xk5Lp9Rt3Zn7Yb4Hc"|] } };
                var anon = new { Password = [|"An0n!Type"|] };
                if (smtpPassword == [|"C0mpare!Me"|]) { }
            }
        }
        """);

    [Fact]
    public Task Placeholders_references_and_messages_are_not_reported() => Verify.VerifyAsync("""
        class C
        {
            const string Password = "<password>";
            const string DbPassword = "${DB_PASSWORD}";
            const string ApiKey = "{{api_key}}";
            const string ClientSecret = "REPLACE_ME";
            const string MaskedPassword = "********";
            const string SecretArn = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:prod/db-AbCdEf";
            const string DbPasswordSecret = "prod/orders/db-password";
            const string ApiKeyConfigKey = "Payments:Stripe:ApiKey";
            const string TokenEnvVar = "PAYMENTS_API_TOKEN";
            const string PasswordHash = "5f4dcc3b5aa765d61d8327deb882cf99";
            const string ApiKeyId = "0f8fad5b-d9cb-469f-a165-70867728950e";
            const string PublicKey = "MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA";
            const string PasswordRequired = "Password is required";
            const string InvalidPassword = "The password you entered is incorrect.";
            const string PasswordField = "password";
            const string TokenType = "Bearer";
            const string AccessToken = "";
            const string PasswordPolicy = "Min8Upper1Digit1";
            const string ResetPasswordUrl = "https://example.com/reset-password";
            const string Token = "abc";
            const string PasswordHashBcrypt = "$2b$12$KIXQJmZpZb7a8Vb2uY9hUOcT5aP9W0i3nQ2rS6tU8vW0xY2zA4bC6";
            const string CachePasswordPrefix = "pwd:";
            const string ApiSecretTemplate = "%(secret)s";
        }
        """);

    // Generated secrets are random: words and short numbers joined by separators are resource names even under a secret
    // name (a token "orders-reporting-service-2024" names a service account, it does not authenticate one).
    [Fact]
    public Task Words_joined_by_separators_are_names_not_machine_secrets() => Verify.VerifyAsync("""
        class C
        {
            const string ApiToken = "orders-reporting-service-2024";
            const string ClientSecret = "billing_export_worker_prod";
            const string SigningKey = [|"Jx7kP2mQ9vL4-wR8zT1nB"|];
        }
        """);

    // The suppressions docs/Rules/README.md recommends for adoption silence exactly the finding they cover: the secret is
    // reported at the literal, inside the member the attribute or the #pragma pair covers.
    [Fact]
    public Task SuppressMessage_and_pragma_silence_one_finding() => Verify.VerifyAsync("""
        using System.Diagnostics.CodeAnalysis;
        class C
        {
            [SuppressMessage("MatCarv.Security", "MCV1003", Justification = "Vendor sandbox, rotated daily")]
            const string DbPassword = "Tr0ub4dor&3x";
        #pragma warning disable MCV1003 // Moving to Secrets Manager in ORD-1234
            const string ApiPassword = "Winter2024!x";
        #pragma warning restore MCV1003
            const string SmtpPassword = [|"mail-P4ss-2023"|];
        }
        """);

    [Fact]
    public Task Thresholds_and_word_lists_come_from_editorconfig() => Verify.VerifyAsync(
        """
        class C
        {
            const string Pin = [|"93kd8a!x"|];
            const string DbPassword = "Tr0ub4dor&3x";
        }
        """,
        "dotnet_code_quality.MCV1003.password_words = pin\ndotnet_code_quality.MCV1003.min_password_length = 8");

    // Test code is classified per file/type/method since issue 13 (labelling policy rule 6), not per compilation: a type
    // without test attributes in a compilation that references xUnit is production code and is reported; a test class
    // reports a password only for a host that is not local.
    [Fact]
    public Task Test_code_reports_only_credentials_for_remote_hosts() => Task.WhenAll(
        Verify.VerifyAsync(
            """
            class C { const string DbPassword = [|"Tr0ub4dor&3x"|]; }
            """,
            testProject: true),
        Verify.VerifyAsync(
            """
            class T
            {
                const string DbPassword = "Tr0ub4dor&3x";
                [Xunit.Fact] public void Local() { var c = new System.Net.NetworkCredential("u", "L0cal!Pass"); _ = new System.Uri("http://localhost:8080"); }
                [Xunit.Fact] public void Remote() { var c = new System.Net.NetworkCredential("u", [|"Rem0te!Pass"|]); _ = new System.Uri("https://qa.partner.example.com"); }
            }
            """,
            testProject: true),
        Verify.VerifyAsync(
            """
            class T { [Xunit.Fact] public void M() { } const string DbPassword = [|"Tr0ub4dor&3x"|]; }
            """,
            "dotnet_code_quality.MCV1003.test_code = report",
            testProject: true),
        Verify.VerifyAsync(
            """
            class T { [Xunit.Fact] public void M() { } const string DbPassword = [|"Tr0ub4dor&3x"|]; }
            """,
            "dotnet_code_quality.MCV1003.exclude_test_projects = false",
            testProject: true));

    [Fact]
    public Task Values_with_a_recognised_format_are_left_to_the_format_rules() => Verify.VerifyAsync("""
        class C
        {
            const string GitHubToken = "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";
            const string AwsSecretAccessKey = "k9Xq2Lm8Vb4Tz7Rw1Ys5Pd3Nf6Gh0Jc/Ae+WuQiZ";
            const string DbPassword = "Server=db;User Id=app;Password=Tr0ub4dor&3x;";
        }
        """);

    [Fact]
    public Task Record_parameters_and_tuple_elements_name_their_values() => Verify.VerifyAsync("""
        record PartnerConfig(string BaseUrl, string ApiKey);
        class C
        {
            PartnerConfig Partner() => new("https://partner.io", [|"SyAJ9TlxqnrDK24Syl"|]);
            static (string User, string Password) Creds = ("svc", [|"3zwr8FwGv*%j"|]);
        }
        """);
}
