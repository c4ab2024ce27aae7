using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;

namespace MatCarv.Observability.Tests.Logging;

public sealed class ValueTests
{
    private enum Color
    {
        Red,
        Blue,
    }

    private sealed class Opaque
    {
        public override string ToString() => "opaque-value";
    }

    [Fact]
    public void Template_parameters_keep_their_json_types()
    {
        using var harness = LogHarness.Local();
        var when = new DateTime(2026, 1, 2, 3, 4, 5, DateTimeKind.Utc);
        var id = Guid.Parse("6f9619ff-8b86-d011-b42d-00c04fc964ff");
        harness.Logger.LogInformation(
            "{Int} {Long} {Double} {Decimal} {Bool} {Null} {Text} {When} {Id} {Color} {Span} {Opaque} {Nan}",
            3, 5_000_000_000L, 2.5, 1.25m, true, null, "hi", when, id, Color.Blue, TimeSpan.FromSeconds(90), new Opaque(), double.NaN);

        var line = Assert.Single(harness.Lines());
        Assert.Equal(3, line.GetProperty("int").GetInt32());
        Assert.Equal(5_000_000_000L, line.GetProperty("long").GetInt64());
        Assert.Equal(2.5, line.GetProperty("double").GetDouble());
        Assert.Equal(1.25m, line.GetProperty("decimal").GetDecimal());
        Assert.Equal(JsonValueKind.True, line.GetProperty("bool").ValueKind);
        Assert.Equal(JsonValueKind.Null, line.GetProperty("null").ValueKind);
        Assert.Equal("hi", line.GetProperty("text").GetString());
        Assert.Equal("2026-01-02T03:04:05.0000000Z", line.GetProperty("when").GetString());
        Assert.Equal(id.ToString(), line.GetProperty("id").GetString());
        Assert.Equal("Blue", line.GetProperty("color").GetString());
        Assert.Equal("00:01:30", line.GetProperty("span").GetString());
        Assert.Equal("opaque-value", line.GetProperty("opaque").GetString());
        Assert.Equal("NaN", line.GetProperty("nan").GetString());
        Assert.Equal("3 5000000000 2.5 1.25 True (null) hi 01/02/2026 03:04:05 6f9619ff-8b86-d011-b42d-00c04fc964ff Blue 00:01:30 opaque-value NaN", line.GetProperty("message").GetString());
    }

    [Fact]
    public void Format_and_alignment_apply_to_the_message_but_the_value_stays_a_number()
    {
        using var harness = LogHarness.Local();
        harness.Logger.LogInformation("Total [{Price:0.00}] [{Count,4}] [{Left,-3}]", 3.14159, 7, "a");
        var line = Assert.Single(harness.Lines());
        Assert.Equal("Total [3.14] [   7] [a  ]", line.GetProperty("message").GetString());
        Assert.Equal(3.14159, line.GetProperty("price").GetDouble());
    }

    [Fact]
    public void Destructuring_writes_json_dom_pairs_dictionaries_and_sequences_as_json()
    {
        using var harness = LogHarness.Local();
        using var document = JsonDocument.Parse("""{"a":1,"b":[true,null,"x"]}""");
        var node = JsonNode.Parse("""{"n":{"deep":2}}""");
        var pairs = new List<KeyValuePair<string, object?>> { new("k", 1), new("nested", new Dictionary<string, object?> { ["z"] = "y" }) };
        harness.Logger.LogInformation("{@Doc} {@Node} {@Pairs} {@Numbers} {Plain}", document.RootElement, node, pairs, new[] { 1, 2, 3 }, new List<string> { "a", "b" });

        var line = Assert.Single(harness.Lines());
        Assert.Equal(1, line.GetProperty("doc").GetProperty("a").GetInt32());
        Assert.Equal(JsonValueKind.Null, line.GetProperty("doc").GetProperty("b")[1].ValueKind);
        Assert.Equal(2, line.GetProperty("node").GetProperty("n").GetProperty("deep").GetInt32());
        Assert.Equal("y", line.GetProperty("pairs").GetProperty("nested").GetProperty("z").GetString());
        Assert.Equal([1, 2, 3], line.GetProperty("numbers").EnumerateArray().Select(e => e.GetInt32()));
        Assert.Equal(["a", "b"], line.GetProperty("plain").EnumerateArray().Select(e => e.GetString()!));
        Assert.EndsWith("[1,2,3] a, b", line.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Own_types_are_destructured_only_with_a_source_generated_resolver_and_keep_redaction()
    {
        var order = new TestOrder(9, "Ada", "hunter2", new TestAddress("Lisbon", "key-123"));
        using (var without = LogHarness.Local())
        {
            without.Logger.LogInformation("{@Order}", order);
            Assert.Equal(JsonValueKind.String, Assert.Single(without.Lines()).GetProperty("order").ValueKind);
        }

        using var harness = LogHarness.Local(o => o.TypeInfoResolver = TestJsonContext.Default);
        harness.Logger.LogInformation("{@Order}", order);
        var raw = harness.RawLine();
        var value = LogHarness.Parse(raw).GetProperty("order");
        Assert.Equal(9, value.GetProperty("Id").GetInt32());
        Assert.StartsWith("{\"Id\":9,", LogHarness.Parse(raw).GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal("Lisbon", value.GetProperty("Address").GetProperty("City").GetString());
        Assert.Equal("[REDACTED]", value.GetProperty("Password").GetString());
        Assert.Equal("[REDACTED]", value.GetProperty("Address").GetProperty("ApiKey").GetString());
        Assert.DoesNotContain("hunter2", raw, StringComparison.Ordinal);
        Assert.DoesNotContain("key-123", raw, StringComparison.Ordinal);
    }
}
