using CsCheck;
using MatCarv.Observability.Redaction;

namespace MatCarv.Observability.Tests.Redaction;

public sealed class SecretRedactorTests
{
    private const string Marker = "[REDACTED]";

    // Fake secrets in the shapes that matter (none is a live credential).
    public static TheoryData<string, string> Leaks => new()
    {
        { "Server=db;Database=orders;User Id=app;Password=Pa55w0rd!x;", "Pa55w0rd!x" },
        { "Host=db;Pwd=hunter2secret;Timeout=5", "hunter2secret" },
        { "LoginRequest { User = bob, Password = correct-horse-battery }", "correct-horse-battery" },
        { "{\"user\":\"bob\",\"api_key\":\"k-123456789\"}", "k-123456789" },
        { "GET /orders?id=7&token=tok_abcdef123456&page=2", "tok_abcdef123456" },
        { "client_secret: s3cr3t-value-42", "s3cr3t-value-42" },
        { "Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.abcdefghijklmnop.qrstuvwxyz012345", "eyJhbGciOiJIUzI1NiJ9.abcdefghijklmnop.qrstuvwxyz012345" },
        { "header was Basic dXNlcjpwYXNzd29yZA==", "dXNlcjpwYXNzd29yZA==" },
        { "connecting to postgres://app:Sup3rS3cret@db.internal:5432/orders", "Sup3rS3cret" },
        { "key id AKIAIOSFODNN7EXAMPLE in use", "AKIAIOSFODNN7EXAMPLE" },
        { "aws secret wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY end", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY" },
        { "github ghp_0123456789abcdefghijklmnopqrstuvwxyz used", "ghp_0123456789abcdefghijklmnopqrstuvwxyz" },
        { "slack xoxb-1234567890-abcdefghijklmnop", "xoxb-1234567890-abcdefghijklmnop" },
        { "stripe sk_live_abcdefghijklmnop1234", "sk_live_abcdefghijklmnop1234" },
        { "google AIzaSyA1234567890abcdefghijklmnopqrstuv", "AIzaSyA1234567890abcdefghijklmnopqrstuv" },
        { "-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA7\n-----END RSA PRIVATE KEY-----", "MIIEowIBAAKCAQEA7" },
    };

    [Theory]
    [MemberData(nameof(Leaks))]
    public void Secrets_are_replaced_wherever_they_appear(string text, string secret)
    {
        var redacted = SecretRedactor.Redact(text, Marker);
        Assert.DoesNotContain(secret, redacted, StringComparison.Ordinal);
        Assert.Contains(Marker, redacted, StringComparison.Ordinal);
        Assert.True(SecretRedactor.ContainsSecret(text));
    }

    [Theory]
    [InlineData("Order ord-1001 placed for alice with 3 items")]
    [InlineData("Password reset requested for bob")]
    [InlineData("commit 4b825dc642cb6eb9a060e54bf8d69288fbee4904 deployed")] // a SHA-1: hex, not mixed case
    [InlineData("max_tokens=100 and credentials_count=2")]
    [InlineData("https://example.com/orders/42")]
    [InlineData("")]
    public void Ordinary_text_is_left_alone_and_not_copied(string text)
    {
        Assert.Same(text, SecretRedactor.Redact(text, Marker));
        Assert.False(SecretRedactor.ContainsSecret(text));
    }

    [Fact]
    public void A_secret_embedded_anywhere_in_any_text_never_survives()
    {
        var secrets = Gen.Int[0, 3].Select(i => new[] { "Password=Pa55w0rd!x;", "Authorization: Bearer abcdefghijklmnop12345", "AKIAIOSFODNN7EXAMPLE", "ghp_0123456789abcdefghijklmnopqrstuvwxyz" }[i]);
        var filler = Gen.String[Gen.Char["ab cd,.:;{}\"=/-_"], 0, 40];
        Gen.Select(filler, secrets, filler).Sample((before, secret, after) =>
        {
            var text = before + " " + secret + " " + after;
            var redacted = SecretRedactor.Redact(text, Marker);
            var value = secret.Contains('=') ? secret[(secret.IndexOf('=') + 1)..].TrimEnd(';') : secret.Split(' ')[^1];
            Assert.DoesNotContain(value, redacted, StringComparison.Ordinal);
        });
    }

    [Fact]
    public void Token_shapes_are_found_at_every_offset_across_the_64_character_blocks_of_the_scan()
    {
        // The token scan classifies 64 characters at a time and carries runs across blocks: long fillers put the secret
        // at every offset and across block boundaries; the filler's own runs of token characters must not hide it.
        string[] secrets =
        [
            "AKIAIOSFODNN7EXAMPLE",
            "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
            "ghp_0123456789abcdefghijklmnopqrstuvwxyz",
            "xoxb-1234567890-abcdefghijklmnop",
            "eyJhbGciOiJIUzI1NiJ9.c2VjcmV0cGF5bG9hZDEyMw.c2lnbmF0dXJlc2lnbmF0dXJl",
        ];
        var filler = Gen.String[Gen.Char["abcXYZ019 -_.,;:/()"], 0, 300];
        Gen.Select(filler, Gen.Int[0, secrets.Length - 1], filler).Sample((before, index, after) =>
        {
            var secret = secrets[index];
            var text = before + " " + secret + " " + after;
            Assert.True(SecretRedactor.ContainsSecret(text));
            Assert.DoesNotContain(secret, SecretRedactor.Redact(text, Marker), StringComparison.Ordinal);
        });
    }

    [Fact]
    public void Redact_copies_exactly_when_ContainsSecret_says_so()
    {
        var text = Gen.String[Gen.Char["abcdefABCDEF0123456789 =:;/@-_.+\"'"], 0, 200];
        text.Sample(t =>
        {
            var redacted = SecretRedactor.Redact(t, Marker);
            Assert.Equal(SecretRedactor.ContainsSecret(t), !ReferenceEquals(redacted, t));
        });
    }
}
