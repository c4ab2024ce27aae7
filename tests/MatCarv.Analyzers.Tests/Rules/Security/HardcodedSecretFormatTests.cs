using Microsoft.CodeAnalysis.Testing;
using Verify = MatCarv.Analyzers.Tests.Infrastructure.SecretRuleVerifier<MatCarv.Analyzers.Tests.Infrastructure.Mcv1002>;

namespace MatCarv.Analyzers.Tests.Rules.Security;

public class HardcodedSecretFormatTests
{
    private static DiagnosticResult Found(int location, string format) =>
        new DiagnosticResult("MCV1002", Microsoft.CodeAnalysis.DiagnosticSeverity.Error).WithLocation(location).WithArguments(format);

    [Fact]
    public Task Vendor_tokens_are_reported_with_their_format() => Verify.VerifyAsync(
        """
        class C
        {
            const string GitHub = {|#0:"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"|};
            const string GitLab = {|#1:"glpat-x7Kq2Vm9Zp4Lw8Rt1Ys6"|};
            const string Npm = {|#2:"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"|};
            const string Slack = {|#3:"xoxb-2948571039-4827163950-Qz7Kx2Vm9Lp4Rt8Ws1Yb6Nd"|};
            const string Stripe = {|#4:"sk_live_51Hq2XkV9mZp4Lw7Rt1Ys6Nb3"|};
            const string Google = {|#5:"AIzaSyB7q2Xk9mZp4Lw7Rt1Ys6Nb3Cd5Fg0Jh2K"|};
        }
        """,
        Found(0, "GitHub token"), Found(1, "GitLab token"), Found(2, "npm token"), Found(3, "Slack token"), Found(4, "Stripe live key"), Found(5, "Google API key"));

    [Fact]
    public Task Private_key_split_over_concatenated_lines_is_reported() => Verify.VerifyAsync(
        """
        class C
        {
            const string Key = {|#0:"-----BEGIN RSA PRIVATE KEY-----\n" +
                "MIIEowIBAAKCAQEAu1SU1LfVLPHCozMxH2Mo4lgOEePzNm0tRgeLezV6ffAt0gun\n" +
                "VTLw7onLRnrq0/IzW7yWR7QkrmBL7jTKEn5u+qKhbwKfBstIs+bMY2Zkp18gnTxK\n" +
                "-----END RSA PRIVATE KEY-----"|};
        }
        """,
        Found(0, "private key"));

    [Fact]
    public Task Signed_jwt_is_reported_but_unsigned_jwt_is_not() => Verify.VerifyAsync(
        """
        class C
        {
            const string Signed = {|#0:"eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIn0.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c"|};
            const string Unsigned = "eyJhbGciOiJub25lIiwidHlwIjoiSldUIn0.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIn0.SflKxwRJSMeKKF2QT4fw";
        }
        """,
        Found(0, "signed JWT"));

    // Labelling policy (issue 13): Stripe test-mode keys are secrets (they read and write the account's test data), so this
    // test no longer lists "sk_test_…" among the values that are not reported; see Stripe_test_mode_keys_… below.
    [Fact]
    public Task Placeholders_and_public_keys_are_not_reported() => Verify.VerifyAsync("""
        class C
        {
            const string Doc = "-----BEGIN RSA PRIVATE KEY-----\n...\n-----END RSA PRIVATE KEY-----";
            const string Public = "-----BEGIN PUBLIC KEY-----\nMIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAu1SU1LfVLPHCozMxH2Mo\n-----END PUBLIC KEY-----";
            const string StripePublishable = "pk_live_51Hq2XkV9mZp4Lw7Rt1Ys6Nb3";
            const string Masked = "ghp_XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX";
            const string Prefix = "ghp_";
        }
        """);

    [Fact]
    public Task Stripe_test_mode_keys_and_webhook_signing_secrets_are_secrets() => Verify.VerifyAsync(
        """
        class C
        {
            const string Test = {|#0:"sk_test_51Hq2XkV9mZp4Lw7Rt1Ys6Nb3"|};
            const string Restricted = {|#1:"rk_test_9OPyVSk2DhvEIhbcXoB0TO3Y"|};
            const string Webhook = {|#2:"whsec_8PBNI9uVVso0HxojoCbV768VnJKUfQtX"|};
            const string Documented = "sk_test_4eC39HqLyjWDarjtT1zdp7dc";
            const string TooShort = "sk_test_123";
            const string Publishable = "pk_test_TYooMQauvdEDq54NiTphI7jx";
        }
        """,
        Found(0, "Stripe test key"), Found(1, "Stripe test key"), Found(2, "Stripe webhook signing secret"));

    // github.blog/2021-04-05-behind-githubs-new-authentication-token-formats: the last 6 characters are a base62 CRC-32 of the
    // 30 random ones. A token whose checksum does not match was not issued by GitHub (or npm, same scheme).
    [Fact]
    public Task GitHub_and_npm_tokens_must_carry_their_checksum() => Verify.VerifyAsync(
        """
        class C
        {
            const string Valid = {|#0:"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"|};
            const string WrongChecksum = "ghp_609xhTGOWvGR1mZeEgbcWJNG5KEjml0HjEnd";
            const string ValidNpm = {|#1:"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"|};
            const string WrongNpm = "npm_RIBXuDL7DxtpYlSXpfKtHF4vUCsMeh3j6nKT";
        }
        """,
        Found(0, "GitHub token"), Found(1, "npm token"));

    [Fact]
    public Task Vendor_prefixes_of_the_expanded_catalogue_are_reported() => Verify.VerifyAsync(
        """
        class C
        {
            const string NewRelic = {|#0:"NRAK-7JKQX2M9P4LW8RT1YS6NB3CD5FG"|};
            const string NewRelicInsert = {|#1:"NRII-plwCUEPtqBGLe-UoAzfjUDcHZGZhKe7u"|};
            const string Honeycomb = {|#2:"hcaik_01zvbm5wdjcsspmhb2wfvqbb1e144cnxybr4gq19zm7c2lwq7lu2tck2qp"|};
            const string DockerHub = {|#3:"dckr_pat_VXlE0NdsaF1aHXg9-xZhn192ShR"|};
            const string Mailgun = {|#4:"key-d241dd136f031e54f11b93bd5586fff3"|};
            const string Vault = {|#5:"hvs.CAESIP2jTxc9S2K7Z6CtcFWQv7-044m_oSsxnPE1H3nF89l3GiYKHGh2cy5sQmlIZVNyTWJNcDRsYWJpQjlhYjVlb1cQh6PL"|};
            const string EntraId = {|#6:"L9M1Q~HL4E4AReidVBArHDaEB4wrkOB5ny.Ac74Z"|};
            const string Sas = {|#7:"https://acct.blob.core.windows.net/c?sv=2023-11-03&sp=r&sig=6VM6oZXth8CkGqOiIL1217sHP6xHdVW1gu3C3TOimgg%3D"|};
            const string GoogleClient = {|#8:"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"|};
        }
        """,
        Found(0, "New Relic key"), Found(1, "New Relic key"), Found(2, "Honeycomb ingest key"), Found(3, "Docker Hub token"), Found(4, "Mailgun API key"),
        Found(5, "HashiCorp Vault token"), Found(6, "Azure client secret"), Found(7, "Azure SAS signature"), Found(8, "Google OAuth client secret"));

    [Fact]
    public Task Documented_emulator_keys_are_not_reported() => Verify.VerifyAsync("""
        class C
        {
            const string Azurite = "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;BlobEndpoint=http://127.0.0.1:10000/devstoreaccount1;";
            const string JwtIo = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c";
        }
        """);
}
