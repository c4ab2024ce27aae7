using MatCarv.Analyzers.Rules.Security;
using MatCarv.Analyzers.Tests.Infrastructure;
using Verify = MatCarv.Analyzers.Tests.Infrastructure.SecretRuleVerifier<MatCarv.Analyzers.Tests.Infrastructure.Mcv1001>;

namespace MatCarv.Analyzers.Tests.Rules.Security;

public class HardcodedAwsCredentialTests
{
    [Fact]
    public Task Access_key_id_in_a_constant_is_reported() => Verify.VerifyAsync("""
        class C { const string AccessKey = [|"AKIAQ4F7ZB2MNW3XJ5RT"|]; }
        """);

    [Fact]
    public Task Session_key_id_inside_a_larger_string_is_reported() => Verify.VerifyAsync("""
        class C { string Ini = [|"[default]\naws_access_key_id = ASIAZ7QW3ER5TY2UIOPK\n"|]; }
        """);

    [Fact]
    public Task Secret_key_passed_to_credentials_constructor_is_reported() => Verify.VerifyAsync("""
        class C { object M(string id) => new Amazon.Runtime.BasicAWSCredentials(id, [|"k9Xq2Lm8Vb4Tz7Rw1Ys5Pd3Nf6Gh0Jc/Ae+WuQiZ"|]); }
        """);

    [Fact]
    public Task Secret_key_named_as_aws_secret_is_reported() => Verify.VerifyAsync("""
        class C { static readonly string AwsSecretAccessKey = [|"k9Xq2Lm8Vb4Tz7Rw1Ys5Pd3Nf6Gh0Jc/Ae+WuQiZ"|]; }
        """);

    [Fact]
    public Task Secret_key_next_to_an_access_key_id_is_reported() => Verify.VerifyAsync("""
        class C
        {
            const string Id = [|"AKIAQ4F7ZB2MNW3XJ5RT"|];
            const string Other = [|"k9Xq2Lm8Vb4Tz7Rw1Ys5Pd3Nf6Gh0Jc/Ae+WuQiZ"|];
        }
        """);

    [Fact]
    public Task Secret_key_split_over_a_concatenation_is_reported_once() => Verify.VerifyAsync("""
        class C { const string Creds = [|"aws_access_key_id=AKIAQ4F7ZB2MNW3XJ5RT\n" + "aws_secret_access_key=k9Xq2Lm8Vb4Tz7Rw1Ys5Pd3Nf6Gh0Jc/Ae+WuQiZ"|]; }
        """);

    [Fact]
    public Task Documentation_examples_and_low_entropy_fillers_are_not_reported() => Verify.VerifyAsync("""
        class C
        {
            const string A = "AKIAIOSFODNN7EXAMPLE";
            const string B = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
            const string C1 = "AKIAAAAAAAAAAAAAAAAA";
            const string D = "AKIA1234";
        }
        """);

    [Fact]
    public Task Forty_character_strings_that_are_not_aws_secrets_are_not_reported() => Verify.VerifyAsync("""
        class C
        {
            const string CommitSha = "3f786850e387550fdab836ed7e6dc881de23001b";
            const string Base64Blob = "k9Xq2Lm8Vb4Tz7Rw1Ys5Pd3Nf6Gh0Jc/Ae+WuQiZ";
            object M() => new Amazon.Runtime.BasicAWSCredentials("{accessKey}", "${AWS_SECRET_ACCESS_KEY}");
        }
        """);

    // Test code is classified per type since issue 13 (not per compilation): the class below is test code because it has a
    // test method; 0.1.0's exclude_test_projects = true still skips it.
    [Fact]
    public Task Test_code_is_reported_unless_excluded_in_editorconfig() => Task.WhenAll(
        Verify.VerifyAsync(
            """
            class C { [Xunit.Fact] public void T() { } const string AccessKey = [|"AKIAQ4F7ZB2MNW3XJ5RT"|]; }
            """,
            testProject: true),
        Verify.VerifyAsync(
            """
            class C { [Xunit.Fact] public void T() { } const string AccessKey = "AKIAQ4F7ZB2MNW3XJ5RT"; }
            """,
            "dotnet_code_quality.MCV1001.exclude_test_projects = true",
            testProject: true));
}
