using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using CsCheck;
using MatCarv.Observability.Diagnostics;
using MatCarv.Observability.Logging;
using MatCarv.Observability.Logging.Interpolation;
using MatCarv.Observability.Logging.Rendering;

namespace MatCarv.Observability.Tests.Logging;

/// <summary>
/// The UTF-8 fast path (<see cref="Utf8Message"/>) against the char path it replaces on the hot path: for any entry it
/// either writes the very bytes the char path writes (message and each reused value), or says it failed and leaves the
/// entry to the char path — never a different line.
/// </summary>
public sealed class MessageRenderingTests
{
    private const string Marker = "[REDACTED]";
    private const int Limit = 1024;

    // Text that exercises the escaper: quotes, backslashes, controls, non-ASCII, a pair outside the BMP, lone surrogates.
    private static readonly Gen<string> Text = Gen.OneOf(
        Gen.String[Gen.Char["abc XYZ 019.,:{}"], 0, 12],
        Gen.String[Gen.Char["\"\\\n\r\t\u0001\u001f\u007f<>&'+`é€ü\u2028\u00a0\ufffd"], 0, 6],
        Gen.Const("emoji 😀 pair"),
        Gen.String[Gen.Char["a\ud800\udc00\udbff"], 0, 4],
        Gen.String[Gen.Char, 0, 8],
        Gen.String[Gen.Char['a', 'z'], 300, 700]);

    private static readonly Gen<string?> Format = Gen.OneOf(
        Gen.Const((string?)null), Gen.Const((string?)"0.00"), Gen.Const((string?)"N2"), Gen.Const((string?)"X4"),
        Gen.Const((string?)"'\"q'0"), Gen.Const((string?)"yyyy"), Gen.Const((string?)"bad{format"));

    private static readonly Gen<Action<InterpolatedEntry>> Part = Gen.OneOf(
        Text.Select(t => (Action<InterpolatedEntry>)(e => e.AppendLiteral(t))),
        Gen.Select(Text, Gen.Bool).Select((t, n) => (Action<InterpolatedEntry>)(e => e.AppendFormatted<string?>(n ? null : t, 0, null, "text"))),
        Gen.Select(Gen.Long, Format).Select((v, f) => (Action<InterpolatedEntry>)(e => e.AppendFormatted(v, 0, f, "count"))),
        Gen.Select(Gen.Int, Format).Select((v, f) => (Action<InterpolatedEntry>)(e => e.AppendFormatted(v, 0, f, "items"))),
        Gen.Select(Gen.ULong, Format).Select((v, f) => (Action<InterpolatedEntry>)(e => e.AppendFormatted(v, 0, f, "big"))),
        Gen.Select(Gen.OneOf(Gen.Double, Gen.Const(double.NaN), Gen.Const(double.PositiveInfinity), Gen.Const(12.34)), Format)
            .Select((v, f) => (Action<InterpolatedEntry>)(e => e.AppendFormatted(v, 0, f, "elapsedMs"))),
        Gen.Select(Gen.Decimal, Format).Select((v, f) => (Action<InterpolatedEntry>)(e => e.AppendFormatted(v, 0, f, "amount"))),
        Gen.Bool.Select(v => (Action<InterpolatedEntry>)(e => e.AppendFormatted(v, 0, null, "paid"))),
        Gen.Guid.Select(v => (Action<InterpolatedEntry>)(e => e.AppendFormatted(v, 0, null, "id"))),
        Gen.DateTime.Select(v => (Action<InterpolatedEntry>)(e => e.AppendFormatted(v, 0, null, "at"))),
        Gen.Select(Gen.DateTimeOffset, Format).Select((v, f) => (Action<InterpolatedEntry>)(e => e.AppendFormatted(v, 0, f, "when"))),
        Gen.TimeSpan.Select(v => (Action<InterpolatedEntry>)(e => e.AppendFormatted(v, 0, null, "took"))));

    [Fact]
    public void The_fast_path_writes_the_bytes_of_the_char_path_or_hands_over()
    {
        using var diagnostics = new SelfDiagnostics(TimeProvider.System, "svc");
        var values = new JsonValueWriter(new SensitiveKeys([]), diagnostics, new MatCarvLoggerOptions { MaxMessageBytes = Limit });
        var markerBytes = JsonEncodedText.Encode(Marker, JavaScriptEncoder.UnsafeRelaxedJsonEscaping).EncodedUtf8Bytes.ToArray();
        int fast = 0;
        Gen.Select(Part.Array[0, 8], Gen.Bool.Array[8]).Sample((parts, redactions) =>
        {
            var entry = InterpolatedEntry.Acquire();
            try
            {
                foreach (var part in parts)
                {
                    part(entry);
                }

                var redacted = redactions.AsSpan(0, entry.ValueCount);
                // As LogEntryFormatter: values that look like secrets (RedactSecretValues, on by default) are caught by
                // Complete() and handed to the char path, which redacts them.
                var utf8 = new Utf8Message { ScanSecrets = values.RedactSecretValues };
                utf8.Reset(Limit - TextSanitizer.MarkerBytes, entry.ValueCount);
                entry.RenderUtf8(utf8, redacted, markerBytes);
                if (!utf8.Complete())
                {
                    return;
                }

                Interlocked.Increment(ref fast);
                var chars = new CharBuffer();
                chars.Reset(Limit);
                entry.Render(chars, redacted, Marker);
                Assert.False(chars.Truncated);
                Assert.Equal(Json(w => values.WriteString(w, chars.Span, new CharBuffer())), Encoding.UTF8.GetString(utf8.Quoted()));
                for (int i = 0; i < entry.ValueCount; i++)
                {
                    if (!redacted[i] && utf8.TryGetJson(i, out var json))
                    {
                        var expected = entry.Values[i].Kind == LogValueKind.Double
                            ? Json(w => w.WriteNumberValue(entry.Values[i].Double))
                            : Json(w => InterpolatedEntry.WriteJson(w, entry.Values[i], values, new CharBuffer()));
                        Assert.Equal(expected, Encoding.UTF8.GetString(json));
                    }
                }
            }
            finally
            {
                entry.Release();
            }
        });

        // The generators mostly produce entries the fast path takes: the comparison above is not vacuous.
        Assert.True(fast > 50, $"only {fast} entries took the fast path");
    }

    [Fact]
    public void Text_with_a_lone_surrogate_is_left_to_the_char_path()
    {
        // (Not [InlineData]: attribute strings are stored as UTF-8 and cannot carry a lone surrogate.)
        foreach (var text in new[] { "lone \ud800 surrogate", "low \udc00 first", "end \udbff" })
        {
            var utf8 = new Utf8Message();
            utf8.Reset(Limit, 0);
            utf8.AppendText(text);
            Assert.True(utf8.Failed);
        }
    }

    [Fact]
    public void A_message_longer_than_the_limit_is_left_to_the_char_path_which_cuts_and_marks_it()
    {
        var utf8 = new Utf8Message();
        utf8.Reset(100, 0);
        utf8.AppendText(new string('a', 60));
        Assert.False(utf8.Failed);
        utf8.AppendText(new string('é', 30));
        Assert.True(utf8.Failed);
    }

    private static string Json(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            write(writer);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
