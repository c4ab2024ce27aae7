using System.Text.Json;
using MatCarv.Observability.Logging;
using Microsoft.Extensions.Logging;

namespace MatCarv.Observability.Tests.Logging;

public sealed class RedactionTests
{
    [Fact]
    public void Sensitive_parameters_are_redacted_in_the_value_and_in_the_message()
    {
        using var harness = LogHarness.Local();
        harness.Logger.LogInformation("Login {User} with {Password} and {ApiKey} {api_key} {AccessToken} {Authorization}", "ada", "hunter2", "k1", "k2", "t1", "Bearer abc");
        var raw = harness.RawLine();
        foreach (var secret in new[] { "hunter2", "k1\"", "k2\"", "t1\"", "Bearer abc" })
        {
            Assert.DoesNotContain(secret, raw, StringComparison.Ordinal);
        }

        var line = LogHarness.Parse(raw);
        Assert.Equal("ada", line.GetProperty("user").GetString());
        Assert.Equal("[REDACTED]", line.GetProperty("password").GetString());
        Assert.Equal("[REDACTED]", line.GetProperty("api_key").GetString());
        Assert.Equal("[REDACTED]", line.GetProperty("access_token").GetString());
        Assert.Equal("[REDACTED]", line.GetProperty("authorization").GetString());
        Assert.Equal("Login ada with [REDACTED] and [REDACTED] [REDACTED] [REDACTED] [REDACTED]", line.GetProperty("message").GetString());
    }

    [Fact]
    public void Nested_destructured_values_scopes_and_json_are_redacted_at_any_depth()
    {
        using var harness = LogHarness.Local(o =>
        {
            o.RedactedKeys.Add("ssn");
            o.RedactionMarker = "***";
        });
        var request = new Dictionary<string, object?>
        {
            ["path"] = "/login",
            ["headers"] = new Dictionary<string, object?> { ["X-Api-Key"] = "abc", ["Accept"] = "json" },
            ["user"] = new List<KeyValuePair<string, object?>> { new("name", "ada"), new("SSN", "123-45-6789"), new("client_secret", "s3") },
        };
        using var json = JsonDocument.Parse("""{"outer":{"db_password":"pw","ok":1}}""");
        using (harness.Logger.BeginScope(new Dictionary<string, object?> { ["session_token"] = "tok", ["tenant"] = "acme" }))
        {
            harness.Logger.LogInformation("{@Request} {@Json}", request, json.RootElement);
        }

        var raw = harness.RawLine();
        foreach (var secret in new[] { "abc", "123-45-6789", "s3\"", "\"pw\"", "tok\"" })
        {
            Assert.DoesNotContain(secret, raw, StringComparison.Ordinal);
        }

        var line = LogHarness.Parse(raw);
        Assert.Equal("***", line.GetProperty("session_token").GetString());
        Assert.Equal("acme", line.GetProperty("tenant").GetString());
        Assert.Equal("***", line.GetProperty("request").GetProperty("headers").GetProperty("X-Api-Key").GetString());
        Assert.Equal("json", line.GetProperty("request").GetProperty("headers").GetProperty("Accept").GetString());
        Assert.Equal("***", line.GetProperty("request").GetProperty("user").GetProperty("SSN").GetString());
        Assert.Equal("***", line.GetProperty("json").GetProperty("outer").GetProperty("db_password").GetString());
        Assert.Equal(1, line.GetProperty("json").GetProperty("outer").GetProperty("ok").GetInt32());
    }

    [Fact]
    public void Interpolated_values_named_after_a_secret_are_redacted()
    {
        using var harness = LogHarness.Local();
        var password = "hunter2";
        var user = "ada";
        harness.Logger.Info($"login {user} {password}");
        var raw = harness.RawLine();
        Assert.DoesNotContain("hunter2", raw, StringComparison.Ordinal);
        var line = LogHarness.Parse(raw);
        Assert.Equal("login ada [REDACTED]", line.GetProperty("message").GetString());
        Assert.Equal("[REDACTED]", line.GetProperty("password").GetString());
    }
}
