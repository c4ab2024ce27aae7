using MatCarv.Analyzers.Internals.Secrets;

namespace MatCarv.Analyzers.Tests.Rules.Security;

/// <summary>The building blocks of the secret rules, tested against their specifications.</summary>
public class SecretInternalsTests
{
    // The format patterns are built on first use (a cold-start cost otherwise); a broken one must fail here, not in a build.
    [Fact]
    public void Every_format_pattern_builds_and_matches_its_own_prefix_only_when_shaped()
    {
        Assert.All(KnownSecretFormats.All, format =>
        {
            Assert.NotNull(format.Regex);
            Assert.Same(format.Regex, format.Regex);
            Assert.Null(format.FindIn(format.Prefixes[0]));
        });
    }

    // zlib's CRC-32 of "123456789" is 0xCBF43926 (the IEEE 802.3 check value).
    [Fact]
    public void Crc32_matches_the_standard_check_value() => Assert.Equal(0xCBF43926u, TokenChecksums.Crc32("123456789"));

    [Theory]
    [InlineData("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", true)]
    [InlineData("ghp_609xhTGOWvGR1mZeEgbcWJNG5KEjml0HjEnd", false)]
    [InlineData("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", true)]
    [InlineData("ghp_abcdefghijklmnopqrstuvwxyzABCD012345", false)]
    [InlineData("ghp_short", false)]
    public void GitHub_style_checksums_are_verified(string token, bool valid) => Assert.Equal(valid, TokenChecksums.HasValidCrc32(token));

    [Theory]
    [InlineData("localhost", true)]
    [InlineData("LOCALHOST:5432", true)]
    [InlineData("127.0.0.1", true)]
    [InlineData("[::1]:8080", true)]
    [InlineData("billing-redis.test.local", true)]
    [InlineData("host.docker.internal", true)]
    [InlineData("(localdb)\\mssqllocaldb", true)]
    [InlineData("rabbitmq", true)]
    [InlineData("postgres:5432", true)]
    [InlineData("orders-db", false)]
    [InlineData("db.internal.example-corp.net", false)]
    [InlineData("10.0.0.12", false)]
    public void Local_hosts_are_recognised(string host, bool local) =>
        Assert.Equal(local, HostNames.IsLocal(host, new HashSet<string>(SecretSettings.DefaultLocalHosts, StringComparer.OrdinalIgnoreCase)));

    [Theory]
    [InlineData("Billing.Service.Tests", true)]
    [InlineData("Orders.IntegrationTests", true)]
    [InlineData("Orders.Test", true)]
    [InlineData("Orders.Specs", true)]
    [InlineData("Orders.Api", false)]
    [InlineData("Contests", false)]
    [InlineData("TestProject", false)]
    public void Test_assemblies_are_recognised_by_name(string name, bool test) => Assert.Equal(test, TestCodeClassifier.IsTestAssemblyName(name));

    [Theory]
    [InlineData("YmlsbGluZy1leHBvcnQ6U2gxcC1QNHJ0bmVyIUV4cA==", "Sh1p-P4rtner!Exp")]
    [InlineData("not base64!", null)]
    [InlineData("Zm9vYmFy", null)]
    public void Basic_credentials_decode_to_their_password(string credential, string? password) =>
        Assert.Equal(password, AuthorizationValue.DecodeBasicPassword(credential));
}
