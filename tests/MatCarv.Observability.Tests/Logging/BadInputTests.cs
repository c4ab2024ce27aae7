using System.Text;
using Microsoft.Extensions.Logging;

namespace MatCarv.Observability.Tests.Logging;

public sealed class BadInputTests
{
    private sealed class ThrowingToString
    {
        public override string ToString() => throw new InvalidOperationException("boom");
    }

    private sealed class LoggingToString(ILogger logger)
    {
        public override string ToString()
        {
            logger.LogInformation("nested {Value}", 1);
            return "outer-value";
        }
    }

    private sealed class SelfReferencing : IEnumerable<KeyValuePair<string, object?>>
    {
        public IEnumerator<KeyValuePair<string, object?>> GetEnumerator()
        {
            yield return new("name", "node");
            yield return new("self", this);
        }

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }

    private sealed class MessageThrows : Exception
    {
        public override string Message => throw new InvalidOperationException("no message");
    }

    [Fact]
    public void A_throwing_ToString_becomes_a_marker_and_is_counted()
    {
        using var harness = LogHarness.Local();
        harness.Logger.LogInformation("value {Value}", new ThrowingToString());
        var line = Assert.Single(harness.Lines());
        Assert.Contains("threw System.InvalidOperationException", line.GetProperty("value").GetString(), StringComparison.Ordinal);
        Assert.Contains("threw System.InvalidOperationException", line.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.True(harness.Telemetry.GetDiagnostics().GetDropCount("logging", "tostring_failed") >= 1);
    }

    [Fact]
    public void A_ToString_that_logs_produces_two_valid_lines()
    {
        using var harness = LogHarness.Local();
        harness.Logger.LogInformation("outer {Value}", new LoggingToString(harness.Logger));
        // MEL's own JSON formatter calls ToString twice too (message and value), so the nested line may appear twice.
        var lines = harness.Lines();
        Assert.InRange(lines.Count, 2, 3);
        Assert.Contains(lines, l => l.GetProperty("message").GetString() == "nested 1");
        Assert.Contains(lines, l => l.GetProperty("message").GetString() == "outer outer-value");
    }

    [Fact]
    public void Cyclic_objects_end_in_a_depth_marker()
    {
        using var harness = LogHarness.Local(o => o.MaxDepth = 5);
        var list = new List<object?>();
        list.Add(list);
        harness.Logger.LogInformation("{@Node} {@List}", new SelfReferencing(), list);
        var line = Assert.Single(harness.Lines());
        var node = line.GetProperty("node");
        int depth = 0;
        while (node.ValueKind == System.Text.Json.JsonValueKind.Object)
        {
            node = node.GetProperty("self");
            depth++;
        }

        Assert.Equal("[max depth]", node.GetString());
        Assert.InRange(depth, 1, 5);
    }

    [Fact]
    public void Lone_surrogates_become_replacement_characters()
    {
        using var harness = LogHarness.Local();
        harness.Logger.LogInformation("bad \uD800 text {Value}", "x\uDC00y");
        var line = Assert.Single(harness.Lines());
        Assert.Equal("bad \uFFFD text x\uFFFDy", line.GetProperty("message").GetString());
        Assert.Equal("x\uFFFDy", line.GetProperty("value").GetString());
    }

    [Fact]
    public void Newlines_and_control_characters_are_escaped_so_an_entry_stays_one_line()
    {
        using var harness = LogHarness.Local();
        var injected = "first\n{\"level\":\"Critical\",\"message\":\"forged\"}\r\n\u0001\u001b[31m";
        harness.Logger.LogInformation("user said {Text}", injected);
        var raw = harness.RawLines();
        Assert.Single(raw, l => l.Contains(LogHarness.Category, StringComparison.Ordinal));
        Assert.DoesNotContain(raw, l => l.StartsWith("{\"level\":\"Critical\"", StringComparison.Ordinal));
        var line = Assert.Single(harness.Lines());
        Assert.Equal(injected, line.GetProperty("text").GetString());
        Assert.Equal("user said " + injected, line.GetProperty("message").GetString());
    }

    [Fact]
    public void A_one_megabyte_message_is_cut_with_a_marker_and_the_line_stays_within_256_KiB()
    {
        using var harness = LogHarness.Local();
        var huge = new string('a', 1024 * 1024);
        harness.Logger.LogInformation(huge);
        harness.Logger.LogInformation("arg {Big}", huge);
        var raw = harness.RawLines().Where(l => l.Contains(LogHarness.Category, StringComparison.Ordinal)).ToList();
        Assert.Equal(2, raw.Count);
        foreach (var text in raw)
        {
            Assert.InRange(Encoding.UTF8.GetByteCount(text), (256 * 1024) - 1024, 256 * 1024);
        }

        var message = LogHarness.Parse(raw[0]).GetProperty("message").GetString()!;
        Assert.EndsWith("…[truncated]", message, StringComparison.Ordinal);
        var big = LogHarness.Parse(raw[1]).GetProperty("big").GetString()!;
        Assert.EndsWith("…[truncated]", big, StringComparison.Ordinal);
    }

    [Fact]
    public void The_message_limit_is_configurable_and_never_splits_a_multibyte_character()
    {
        using var harness = LogHarness.Local(o => o.MaxMessageBytes = 1024);
        harness.Logger.LogInformation(string.Concat(Enumerable.Repeat("é😀", 2000)));
        var message = Assert.Single(harness.Lines()).GetProperty("message").GetString()!;
        Assert.True(Encoding.UTF8.GetByteCount(message) <= 1024);
        Assert.EndsWith("…[truncated]", message, StringComparison.Ordinal);
        Assert.DoesNotContain('\uFFFD', message);
    }

    [Fact]
    public void A_throwing_formatter_or_exception_message_still_yields_a_valid_line()
    {
        using var harness = LogHarness.Local();
        harness.Logger.Log(LogLevel.Information, default, "state", null, (_, _) => throw new FormatException("bad"));
        harness.Logger.LogError(new MessageThrows(), "with bad exception");
        var lines = harness.Lines();
        Assert.Equal(2, lines.Count);
        Assert.Contains("formatter threw", lines[0].GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Contains("threw", lines[1].GetProperty("exception").GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Mismatched_template_arguments_do_not_throw()
    {
        using var harness = LogHarness.Local();
#pragma warning disable CA2017 // the mismatch is the point of the test
        harness.Logger.LogInformation("{A} {B} {C}", 1);
#pragma warning restore CA2017
        var lines = harness.Lines();
        Assert.Single(lines);
    }
}
