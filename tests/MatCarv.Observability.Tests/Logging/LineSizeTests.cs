using System.Text;
using System.Text.Json;
using MatCarv.Observability.Logging;
using Microsoft.Extensions.Logging;

namespace MatCarv.Observability.Tests.Logging;

/// <summary>
/// Issue 10 item 7: one line is one CloudWatch Logs / Lambda event, at most 256 KB, counted in the bytes written after
/// JSON escaping. Before the fix a 10 MB value gave a 524 KB line and a non-ASCII value a 1.2 MB line.
/// </summary>
public sealed class LineSizeTests
{
    private const int Limit = 256 * 1024;

    private static TelemetryRuntime Runtime(LogHarness harness) => (TelemetryRuntime)harness.Telemetry.Services.GetService(typeof(TelemetryRuntime))!;

    private static void AssertFits(string raw)
    {
        Assert.InRange(Encoding.UTF8.GetByteCount(raw), 1, Limit);

        // Valid JSON whose strings decode to well-formed UTF-16 (no escape or surrogate pair cut in half).
        using var document = JsonDocument.Parse(raw);
        foreach (var property in document.RootElement.EnumerateObject())
        {
            if (property.Value.ValueKind == JsonValueKind.String)
            {
                Assert.False(property.Value.GetString()!.Contains('\uFFFD', StringComparison.Ordinal), property.Name);
            }
        }
    }

    [Fact]
    public void A_ten_megabyte_value_beside_a_long_message_gives_one_line_of_at_most_256_KiB()
    {
        using var harness = LogHarness.Local();
        var message = new string('m', 300 * 1024);
        harness.Logger.LogInformation(message + " {Payload}", new string('p', 10 * 1024 * 1024));
        var raw = harness.RawLine();
        AssertFits(raw);
        var line = LogHarness.Parse(raw);
        Assert.EndsWith(TextSanitizer.TruncationMarker, line.GetProperty("message").GetString()!, StringComparison.Ordinal);
        Assert.EndsWith(TextSanitizer.TruncationMarker, line.GetProperty("payload").GetString()!, StringComparison.Ordinal);
        Assert.Empty(Runtime(harness).Diagnostics.Drops());
    }

    [Theory]
    [InlineData("\u0001")] // escaped as \u0001: 6 bytes per UTF-16 character
    [InlineData("😀")] // escaped as \uD83D\uDE00: 12 bytes per pair, never split
    [InlineData("é")] // 2 UTF-8 bytes, written as is
    [InlineData("\"")] // \" : 2 bytes
    public void Characters_that_grow_when_escaped_are_counted_as_written(string unit)
    {
        using var harness = LogHarness.Local();
        var value = string.Concat(Enumerable.Repeat(unit, 200_000));
        harness.Logger.LogInformation("Short message {Value}", value);
        var raw = harness.RawLine();
        AssertFits(raw);
        var line = LogHarness.Parse(raw);
        Assert.StartsWith("Short message ", line.GetProperty("message").GetString()!, StringComparison.Ordinal);
        var written = line.GetProperty("value").GetString()!;
        Assert.EndsWith(TextSanitizer.TruncationMarker, written, StringComparison.Ordinal);
        Assert.StartsWith(unit, written, StringComparison.Ordinal);
    }

    [Fact]
    public void A_short_message_is_kept_whole_when_only_a_value_is_too_long()
    {
        using var harness = LogHarness.Local();
        harness.Logger.LogInformation("Order {OrderId} failed with {Body}", "ord-1001", new string('x', 400 * 1024));
        var line = LogHarness.Parse(harness.RawLine());
        Assert.Equal("ord-1001", line.GetProperty("order_id").GetString());
        Assert.EndsWith(TextSanitizer.TruncationMarker, line.GetProperty("body").GetString()!, StringComparison.Ordinal);
    }

    [Fact]
    public void A_larger_message_limit_raises_the_line_limit_with_it()
    {
        using var harness = LogHarness.Local(o => o.MaxMessageBytes = 512 * 1024);
        using (harness.Logger.BeginScope(new Dictionary<string, object?> { ["value"] = new string('v', 400 * 1024) }))
        {
            harness.Logger.LogInformation("Stored");
        }

        var raw = harness.RawLine();
        Assert.InRange(Encoding.UTF8.GetByteCount(raw), 400 * 1024, 512 * 1024);
        Assert.Equal(400 * 1024, LogHarness.Parse(raw).GetProperty("value").GetString()!.Length);
    }

    [Fact]
    public void A_line_that_cannot_fit_is_dropped_and_counted()
    {
        // 3,000 keys of 100 bytes each cannot be shortened: only string values are cut, keys are kept.
        using var harness = LogHarness.Local();
        var pairs = Enumerable.Range(0, 3_000).Select(i => new KeyValuePair<string, object?>("key_" + i.ToString("D5", System.Globalization.CultureInfo.InvariantCulture) + new string('k', 91), i)).ToList();
        using (harness.Logger.BeginScope(pairs))
        {
            harness.Logger.LogInformation("Many keys");
        }

        Assert.DoesNotContain(harness.RawLines(), l => l.Contains(LogHarness.Category, StringComparison.Ordinal));
        Assert.Equal(1, Runtime(harness).Diagnostics.GetDropCount("logging", "line_too_large"));
    }
}
