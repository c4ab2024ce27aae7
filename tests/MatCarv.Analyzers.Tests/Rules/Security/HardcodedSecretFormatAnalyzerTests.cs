using Microsoft.CodeAnalysis.Testing;
using Verify = MatCarv.Analyzers.Tests.Infrastructure.AnalyzerVerifier<MatCarv.Analyzers.Rules.Security.HardcodedSecretFormatAnalyzer>;

namespace MatCarv.Analyzers.Tests.Rules.Security;

public class HardcodedSecretFormatAnalyzerTests
{
    private static DiagnosticResult Found(int location, string format) =>
        new DiagnosticResult("MCV1002", Microsoft.CodeAnalysis.DiagnosticSeverity.Error).WithLocation(location).WithArguments(format);

    [Fact]
    public Task Vendor_tokens_are_reported_with_their_format() => Verify.VerifyAsync(
        """
        class C
        {
            const string GitHub = {|#0:"ghp_8Hq2XkV9mZp4Lw7Rt1Ys6Nb3Cd5Fg0Jh2KqT"|};
            const string GitLab = {|#1:"glpat-x7Kq2Vm9Zp4Lw8Rt1Ys6"|};
            const string Npm = {|#2:"npm_RIBXuDL7DxtpYlSXpfKtHF4vUCsMehGAkWvj"|};
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

    [Fact]
    public Task Placeholders_public_keys_and_test_keys_are_not_reported() => Verify.VerifyAsync("""
        class C
        {
            const string Doc = "-----BEGIN RSA PRIVATE KEY-----\n...\n-----END RSA PRIVATE KEY-----";
            const string Public = "-----BEGIN PUBLIC KEY-----\nMIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAu1SU1LfVLPHCozMxH2Mo\n-----END PUBLIC KEY-----";
            const string StripeTest = "sk_test_51Hq2XkV9mZp4Lw7Rt1Ys6Nb3";
            const string StripePublishable = "pk_live_51Hq2XkV9mZp4Lw7Rt1Ys6Nb3";
            const string Masked = "ghp_XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX";
            const string Prefix = "ghp_";
        }
        """);
}
