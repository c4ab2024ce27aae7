using Verify = MatCarv.Analyzers.Tests.Infrastructure.SecretRuleVerifier<MatCarv.Analyzers.Tests.Infrastructure.Mcv1003>;

namespace MatCarv.Analyzers.Tests.Rules.Security;

/// <summary>
/// MCV1003 beyond names (issue 13): APIs that can only take a secret, containers whose name says secret, the <c>??</c>
/// fallback of an environment read, attribute arguments, Authorization values, Basic credentials, and constants followed
/// through fields and locals to the sink that uses them — each reported once, where the secret is written.
/// </summary>
public class SecretSinksAndFlowTests
{
    private const string IdentityModel = """
        namespace Microsoft.IdentityModel.Tokens { public class SymmetricSecurityKey { public SymmetricSecurityKey(byte[] key) { } } }
        """;

    [Fact]
    public Task Values_given_to_key_and_credential_sinks_are_reported_whatever_their_names() => Verify.VerifyAsync("""
        using System;
        using System.Net.Http.Headers;
        using System.Security.Cryptography;
        using System.Text;
        class C
        {
            void M()
            {
                using var hmac = new HMACSHA256(Encoding.UTF8.GetBytes([|"fp-salt-fYQll0YLhd9gTGR42v"|]));
                var jwt = new Microsoft.IdentityModel.Tokens.SymmetricSecurityKey(Convert.FromBase64String([|"NFd9M5QYNeh4Tk/Ld8SEo7gmA8Ul/1M8JXeygBKxc+Y="|]));
                var bearer = new AuthenticationHeaderValue("Bearer", [|"PO-82WnIhw8hcMe-30TjUQlj2O2Re"|]);
                var basic = new AuthenticationHeaderValue("Basic", [|"YmlsbGluZy1leHBvcnQ6U2gxcC1QNHJ0bmVyIUV4cA=="|]);
                var placeholder = new AuthenticationHeaderValue("Bearer", "<token>");
                var scheme = new AuthenticationHeaderValue("Bearer", "Bearer");
            }
        }
        """ + IdentityModel);

    [Fact]
    public Task Constants_are_followed_through_fields_and_locals_to_the_sink_and_reported_once() => Verify.VerifyAsync("""
        using System;
        using System.Net.Http.Headers;
        using System.Security.Cryptography;
        using System.Text;
        class C
        {
            private const string Material = [|"1yI80nOpSm8zn8zFc6JjkVzSkjFZLkAZAoPC"|];
            private static readonly byte[] Receipt = [|[0x4f, 0x1a, 0x9c, 0x27, 0xd3, 0x88, 0x5e, 0x01, 0xb6, 0x73, 0x2f, 0xe4, 0x90, 0x15, 0xca, 0x6d]|];
            private static readonly byte[] Data = Convert.FromBase64String([|"qC0Pwqayqxk5fpdvY4d9UilEBJ/Mv+ruGxJKWl7lYLg="|]);
            private static readonly byte[] Zeros = new byte[16];
            private static readonly Microsoft.IdentityModel.Tokens.SymmetricSecurityKey First = new(Encoding.ASCII.GetBytes(Material));
            private static readonly Microsoft.IdentityModel.Tokens.SymmetricSecurityKey Second = new(Encoding.ASCII.GetBytes(Material));

            void M()
            {
                using var aes = Aes.Create();
                aes.Key = Receipt;
                aes.IV = Zeros;
                using var gcm = new AesGcm(Data, 16);
                var value = [|"lv9Imp3XF0_yvczUO9vtw408zj"|];
                var header = new AuthenticationHeaderValue("Token", value);
            }
        }
        """ + IdentityModel);

    [Fact]
    public Task Containers_whose_name_says_secret_make_their_elements_secrets() => Verify.VerifyAsync("""
        using System.Collections.Generic;
        using System.Collections.Immutable;
        class C
        {
            static readonly Dictionary<string, string> SigningSecrets = new() { { "paypal", [|"SnoqP9nZJ7eh3Z4KkLW3vZFE3U3xwJl0z"|] }, { "klarna", [|"mLqdM1_6dUaCB8ONmd"|] } };
            static readonly Dictionary<string, string> SignatureHeaders = new() { { "paypal", "PAYPAL-TRANSMISSION-SIG" } };
            static readonly ImmutableDictionary<string, string> ClientApiKeys = ImmutableDictionary.CreateRange(new Dictionary<string, string>
            {
                [[|"I_IZHUiOZoo1jBdDIrlCuFnCkdz"|]] = "reporting",
            });
            string[] EscalationTokens { get; } = [[|"Y9U-170dESl6IPuFUBlxaF1yJY1CSCn"|], [|"f9RBfKy3FfWpmritFYz1JVqr7LVLXZoI"|]];
            string[] EscalationChannels { get; } = ["#billing-dunning", "#finance-ops"];
            static string KeyFor(string client) => client switch
            {
                "reporting" => [|"BEZSTx2hsHLXfMoqf-Ld0mPT9f4dDyVt"|],
                "status-page" => "public",
                _ => string.Empty,
            };
            string[] Args() => new[] { "--db-password", [|"kWcTOWFtjcdw7"|], "--db-password-file", "/run/secrets/db" };
        }
        """);

    [Fact]
    public Task The_fallback_of_an_environment_read_is_named_by_the_variable() => Verify.VerifyAsync("""
        using System;
        class C
        {
            static readonly string Passphrase = Environment.GetEnvironmentVariable("EXPORT_ZIP_PASSPHRASE") ?? [|"Lantern%meadow9056"|];
            static readonly string Signing = Environment.GetEnvironmentVariable("TOKEN_SIGNING_KEY") ?? "dev-only";
            static readonly string Format = Environment.GetEnvironmentVariable("EXPORT_FORMAT") ?? "DATEV-2024-X7";
            string? Sasl(string? fromEnvironment) => fromEnvironment ?? null;
        }
        """);

    [Fact]
    public Task Attribute_arguments_are_named_by_their_parameter_or_property() => Verify.VerifyAsync("""
        using System;
        sealed class RequireSignatureAttribute(string secret) : Attribute { public string Secret { get; } = secret; public string? HeaderName { get; init; } }
        sealed class PartnerAuthAttribute : Attribute { public string? ClientId { get; set; } public string? ClientSecret { get; set; } }
        [PartnerAuth(ClientId = "billing-webhooks", ClientSecret = [|"UC6GCCKXyByTeFv5q6KeGC21tb8mGPsrwJ5cWiG"|])]
        class C
        {
            [RequireSignature([|"NrFGU7iXnH8O5Oq86vmrMJt6Zr-0gOO7Bcq4GIo"|], HeaderName = "PAYPAL-TRANSMISSION-SIG")]
            void PayPal() { }

            [RequireSignature("{{ADYEN_HMAC_KEY}}")]
            void Adyen() { }
        }
        """);

    [Fact]
    public Task Authorization_values_and_basic_credentials_speak_for_themselves() => Verify.VerifyAsync("""
        using System;
        using System.Net.Http;
        using System.Text;
        class C
        {
            void M(HttpRequestMessage request)
            {
                request.Headers.TryAddWithoutValidation("Authorization", [|"Bearer lv9Imp3XF0_yvczUO9vtw408zj"|]);
                request.Headers.TryAddWithoutValidation("Authorization-Scheme", "Bearer");
                request.Headers.TryAddWithoutValidation("Authorization", "Bearer <token>");
                request.Headers.Add("X-Honeycomb-Team", [|"xiswH3aFvE80viLOks5Pen"|]);
                request.Headers.Add("DD-API-KEY", [|"d23ed03a8ce6e1052be566bc61ace64a"|]);
                var auth = Convert.ToBase64String(Encoding.ASCII.GetBytes([|"svc-export:Inv0ice-Api!77"|]));
                var hash = Convert.ToBase64String(Encoding.UTF8.GetBytes("pspReference:merchantReference"));
            }

            bool IsAdmin(string header) => header == [|"Bearer V9I_uQMcmfuKJnPNWZL11ezY8bXQP"|];
            bool Prefix(string header) => header.StartsWith("Bearer ", StringComparison.Ordinal);
        }
        """);

    [Fact]
    public Task Credentials_for_local_hosts_and_throwaway_containers_are_not_reported() => Verify.VerifyAsync("""
        namespace Testcontainers.PostgreSql { public sealed class PostgreSqlBuilder { public PostgreSqlBuilder WithPassword(string password) => this; } }
        class C
        {
            object Mailpit() => new System.Net.Mail.SmtpClient("mailpit", 1025) { Credentials = new System.Net.NetworkCredential("mailpit", "Mailpit-Dev!1") };
            object Relay() => new System.Net.Mail.SmtpClient("mail-relay.internal.example-corp.net", 25) { Credentials = new System.Net.NetworkCredential("relay", [|"R3lay!Bill-881"|]) };
            object Container() => new Testcontainers.PostgreSql.PostgreSqlBuilder().WithPassword("tc-Billing-Pw!9");
        }
        """);
}
