using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using Environment = MatCarv.Analyzers.Tests.Infrastructure.AnalyzerVerifier<MatCarv.Analyzers.Rules.Security.SecretFromEnvironmentAnalyzer>;
using Mcv1003 = MatCarv.Analyzers.Tests.Infrastructure.SecretRuleVerifier<MatCarv.Analyzers.Tests.Infrastructure.Mcv1003>;
using Mcv1004 = MatCarv.Analyzers.Tests.Infrastructure.SecretRuleVerifier<MatCarv.Analyzers.Tests.Infrastructure.Mcv1004>;

namespace MatCarv.Analyzers.Tests.Rules.Security;

/// <summary>
/// The categories issue 13's development split was extended with after the first measurement (Corpus/Sources/Development,
/// Billing.Service/Fulfilment, Billing.Worker/AlertingSettings.cs, Billing.Service.Tests/ComposeStackBase.cs), one test each.
/// </summary>
public class SecretGeneralisationTests
{
    [Fact]
    public Task A_container_built_by_an_extension_call_on_its_initializer_is_still_the_container() => Mcv1003.VerifyAsync("""
        using System.Collections.Generic;
        using System.Collections.Immutable;
        class C
        {
            static readonly ImmutableDictionary<string, string> PartnerTokens = new Dictionary<string, string>
            {
                ["acme"] = [|"Qm7Vx2Lp9Rt4Wn8Yb1Hc6Zk3"|],
            }.ToImmutableDictionary();
            static readonly ImmutableDictionary<string, string> PartnerRegions = new Dictionary<string, string>
            {
                ["acme"] = "Qm7Vx2Lp9Rt4Wn8Yb1Hc6Zk3",
            }.ToImmutableDictionary();
        }
        """);

    [Fact]
    public Task Plural_modifiers_exclude_like_their_singular() => Mcv1003.VerifyAsync("""
        using System.Collections.Generic;
        class C
        {
            static readonly Dictionary<string, string> PasswordSalts = new() { ["legacy"] = "q1Tqr5LM5CtSy3+7cLs4Rw==" };
            static readonly string[] ApiKeyFingerprints = { "Qm7Vx2Lp9Rt4Wn8Yb1Hc6Zk3" };
            static readonly string[] ApiKeys = { [|"Qm7Vx2Lp9Rt4Wn8Yb1Hc6Zk3"|] };
        }
        """);

    [Fact]
    public Task Basic_credentials_that_are_not_user_and_password_are_secrets() => Mcv1003.VerifyAsync("""
        using System.Net.Http;
        using System.Net.Http.Headers;
        class C
        {
            void M(HttpClient http)
            {
                http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", [|"45CoDkuyuJgStXqJQ9KNejugTs/d0eBf"|]);
                http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", [|"d0JCNTNLNHFGc0RtcW5PQ2JRdFhtaURjMThEVWF6Mkw6"|]);
                http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", "Z3Vlc3Q6Z3Vlc3Q=");
            }
        }
        """);

    [Fact]
    public Task A_local_read_from_a_credential_header_names_the_literal_it_is_compared_with() => Mcv1003.VerifyAsync("""
        using System.Linq;
        using System.Net.Http;
        class C
        {
            bool M(HttpRequestMessage request)
            {
                var supplied = request.Headers.GetValues("X-Admin-Token").First();
                var presented = request.Headers.GetValues("X-Ops-Key").First();
                var tenant = request.Headers.GetValues("X-Tenant").First();
                var idempotency = request.Headers.GetValues("Idempotency-Key").First();
                return supplied == [|"Zk3Lr9Vx2Qm7Pt4Wn8Yb1Hc6"|] || presented.Equals([|"Pt4Wn8Yb1Hc6Zk3Lr9Vx2Qm7"|]) ||
                       tenant == "Zk3Lr9Vx2Qm7Pt4Wn8Yb1Hc6" || idempotency == "Yb1Hc6Zk3Lr9Vx2Qm7Pt4Wn8";
            }
        }
        """);

    [Fact]
    public Task An_aws_key_id_and_its_smtp_password_on_one_line_are_left_to_MCV1001() => Mcv1003.VerifyAsync("""
        class C
        {
            object Relay() => new System.Net.NetworkCredential("AKIAQ25FBZTWMU6L3ZGK", "BEGekrnpaZSANzLianu53J/iwdWTvzMxglCr4OHkv/ms");
            const string RelayUser = "AKIAMVGRRAALFWAF5ZYZ";
            const string RelayPassword = [|"BLEfQOGkv+F1QCGRl75rhQ4tQxWkc4EjnFPk8OpcYEbM"|];
        }
        """);

    [Fact]
    public Task Compose_service_names_are_local_hosts_in_test_code_only() => Task.WhenAll(
        Mcv1003.VerifyAsync(
            """
            class T
            {
                [Xunit.Fact] public void Compose() { var c = new System.Net.NetworkCredential("u", "C0mpose!Pass"); _ = new System.Uri("http://billing-api:8080"); }
                [Xunit.Fact] public void Remote() { var c = new System.Net.NetworkCredential("u", [|"Rem0te!Pass"|]); _ = new System.Uri("https://qa.partner.example.com"); }
            }
            """,
            testProject: true),
        Mcv1004.VerifyAsync(
            """
            class T
            {
                [Xunit.Fact] public void Compose() { _ = "Host=ledger-db;Username=app;Password=C0mpose!Pass"; }
                [Xunit.Fact] public void Remote() { _ = [|"Host=ledger.qa.example-corp.net;Username=app;Password=Rem0te!Pass"|]; }
            }
            """,
            testProject: true),
        Mcv1004.VerifyAsync("""
            class C { const string Ledger = [|"Host=ledger-db;Username=app;Password=Pr0duction!Pass"|]; }
            """));

    [Fact]
    public Task Vendor_keys_and_text_words_before_the_key_are_secret_names() => Environment.VerifyAsync(
        """
        using System;
        class C
        {
            void M()
            {
                _ = Environment.GetEnvironmentVariable({|#0:"PAGERDUTY_EVENTS_ROUTING_KEY"|});
                _ = Environment.GetEnvironmentVariable({|#1:"OPSGENIE_INTEGRATION_KEY"|});
                _ = Environment.GetEnvironmentVariable({|#2:"RECEIPT_MESSAGE_SIGNING_KEY"|});
                _ = Environment.GetEnvironmentVariable("INVOICE_EVENTS_ROUTING_KEY");
                _ = Environment.GetEnvironmentVariable("ERROR_MESSAGE_KEY");
                _ = Environment.GetEnvironmentVariable("PASSWORD_HINT_LABEL");
                _ = Environment.GetEnvironmentVariable("TOKEN_HASHES");
            }
        }
        """,
        Found(0, "PAGERDUTY_EVENTS_ROUTING_KEY"), Found(1, "OPSGENIE_INTEGRATION_KEY"), Found(2, "RECEIPT_MESSAGE_SIGNING_KEY"));

    private static DiagnosticResult Found(int location, string key) =>
        new DiagnosticResult("MCV1005", DiagnosticSeverity.Warning).WithLocation(location).WithArguments(key, "an environment variable");
}
