using System.Text.Json;
using CsCheck;
using MatCarv.Observability.Lambda;
using MatCarv.Observability.Logging;
using Microsoft.Extensions.Logging;

namespace MatCarv.Observability.Tests.Logging;

/// <summary>
/// Log templates and arguments are outside input (issue 10): whatever the template text (unbalanced braces, holes named
/// like the schema's own keys, alignments and formats that do not apply) and whatever the values (control characters, lone
/// surrogates, strings beyond CloudWatch's 256 KB event limit, null, objects whose <c>ToString</c> throws, exceptions with
/// hostile messages), every line written is exactly one JSON object in strict UTF-8, at most 256 KiB, with no key twice;
/// each call writes its line or counts a drop; nothing throws into the caller. Both message paths run: the UTF-8 fast
/// path (templates whose values are strings and numbers, interpolated entries) and the char path (objects, destructuring,
/// alignment, exceptions), with value redaction on (the default: the fast path hands findings to the char path) and off.
/// </summary>
public sealed class JsonLinePropertyTests
{
    private const int MaxLineBytes = 256 * 1024;

    /// <summary>Text that is hard to escape or to cut: JSON's specials, every control character, line separators, lone and paired surrogates.</summary>
    private static readonly Gen<string> HostileText = Gen.OneOf(
        Gen.String,
        Gen.String[Gen.Char['\0', '\u001f'], 0, 20],
        Gen.String[Gen.Char["\"\\/{}[]:,\u2028\u2029\u007f\u0085\ufeff\ufffd\ud800\udbff\udc00\udfff😀é€"], 0, 30],
        Gen.Select(Gen.String, Gen.OneOf(Gen.Const("password=hunter2"), Gen.Const("Bearer abc.def.ghi"), Gen.Const("AKIAIOSFODNN7EXAMPLE")), (a, b) => a + b),
        Gen.Int[0, 3].Select(n => new string('\ud800', n) + "end"));

    /// <summary>Occasionally a string of 260,000 to 400,000 characters: beyond the 256 KiB line limit on its own.</summary>
    private static readonly Gen<string> Huge = Gen.Select(Gen.Int[260_000, 400_000], Gen.Char["a\"\u0001é😀\ud800"], (n, c) => new string(c, n));

    private static readonly Gen<string> AnyText = Gen.Frequency<string>((20, HostileText), (1, Huge));

    /// <summary>Template pieces: literals, braces that do not pair, holes (named like reserved keys too), alignments, formats.</summary>
    private static readonly Gen<string> TemplatePiece = Gen.OneOf(
        HostileText,
        Gen.OneOf(
            Gen.Const("{"), Gen.Const("}"), Gen.Const("{{"), Gen.Const("}}"), Gen.Const("{}"), Gen.Const("{ }"), Gen.Const("{0}"),
            Gen.Const("{Name}"), Gen.Const("{@Request}"), Gen.Const("{$Value}"), Gen.Const("{Amount:N2}"), Gen.Const("{Id,-8}"),
            Gen.Const("{Id,5:X}"), Gen.Const("{Bad:}"), Gen.Const("{,}"), Gen.Const("{level}"), Gen.Const("{message}"),
            Gen.Const("{timestamp}"), Gen.Const("{service}"), Gen.Const("{Level}"), Gen.Const("{exception}"), Gen.Const("{OriginalFormat}"),
            Gen.Const("{{OriginalFormat}}"), Gen.Const("{Name"), Gen.Const("Name}"), Gen.Const("{a{b}c}"), Gen.Const("{\u0001}"),
            Gen.Const("{\ud800}"), Gen.Const("{\"}"), Gen.Const("{Name}{Name}")),
        Gen.String[Gen.Char["{}@$,:-0123456789 abcXYZ_\u0000\"\\"], 1, 12].Select(s => "{" + s + "}"));

    private static readonly Gen<string> Template = Gen.OneOf(TemplatePiece.Array[0, 8].Select(string.Concat), Gen.String);

    /// <summary>Values the fast path formats itself.</summary>
    private static readonly Gen<object?> SimpleValue = Gen.OneOf<object?>(
        Gen.Const((object?)null),
        AnyText.Select(s => (object?)s),
        Gen.Int.Select(i => (object?)i),
        Gen.Long.Select(l => (object?)l),
        Gen.OneOf(Gen.Double, Gen.Const(double.NaN), Gen.Const(double.NegativeInfinity), Gen.Const(-0.0)).Select(d => (object?)d),
        Gen.Float.Select(f => (object?)f),
        Gen.Decimal.Select(d => (object?)d),
        Gen.Bool.Select(b => (object?)b),
        Gen.ULong.Select(u => (object?)u));

    /// <summary>Values only the char path renders: objects, collections, exceptions, hostile <c>ToString</c>s.</summary>
    private static readonly Gen<object?> ObjectValue = Gen.OneOf<object?>(
        Gen.Guid.Select(g => (object?)g),
        Gen.DateTimeOffset.Select(d => (object?)d),
        Gen.Char.Select(c => (object?)c),
        HostileText.Select(s => (object?)new Hostile(s, Throws: false)),
        HostileText.Select(s => (object?)new Hostile(s, Throws: true)),
        HostileText.Select(s => (object?)new InvalidOperationException(s)),
        HostileText.Array[0, 4].Select(a => (object?)a.ToList()),
        Gen.Select(HostileText, HostileText).Array[0, 4].Select(a => (object?)a.DistinctBy(p => p.Item1).ToDictionary(p => p.Item1, p => (object?)p.Item2)),
        Gen.Const<object?>(new object()),
        Gen.Const<object?>(new NullToString()),
        Gen.Byte.Array[0, 16].Select(b => (object?)b));

    private static readonly Gen<object?> AnyValue = Gen.Frequency<object?>((3, SimpleValue), (2, ObjectValue));

    private static readonly Gen<LogLevel> Level = Gen.OneOf(
        Gen.Const(LogLevel.Information), Gen.Const(LogLevel.Warning), Gen.Const(LogLevel.Error), Gen.Const(LogLevel.Critical), Gen.Const(LogLevel.Debug));

    private static readonly Gen<Exception?> Failure = Gen.Frequency<Exception?>(
        (4, Gen.Const((Exception?)null)),
        (1, HostileText.Select(s => (Exception?)new InvalidOperationException(s, new FormatException(s)))),
        (1, HostileText.Select(s => (Exception?)new HostileException(s))),
        (1, HostileText.Select(s => (Exception?)Thrown(s))));

    /// <summary>One call: a template with values (fast-path values only, or any), an optional scope and exception.</summary>
    private static readonly Gen<Call> Calls = Gen.Select(
        Level, Template, Gen.OneOf(SimpleValue.Array[0, 5], AnyValue.Array[0, 5]), Failure,
        Gen.Select(HostileText, AnyValue).Array[0, 3].Null(),
        (level, template, values, exception, scope) => new Call(level, template, values, exception, scope));

    [Fact]
    public void Any_template_and_values_give_one_valid_JSON_line_per_call_with_value_redaction_on() => Run(redactValues: true);

    [Fact]
    public void Any_template_and_values_give_one_valid_JSON_line_per_call_with_value_redaction_off() => Run(redactValues: false);

    [Fact]
    public void Any_interpolated_values_give_one_valid_JSON_line_per_call()
    {
        using var harness = LogHarness.Local(o => o.MinimumLevel = LogLevel.Trace);
        var interpolated = Gen.Select(AnyText, Gen.Double, AnyValue, Failure);
        interpolated.Sample((text, number, value, exception) =>
        {
            harness.TakeLineBytes();
            var droppedBefore = Dropped(harness);
            harness.Logger.Info($"text {text} number {number:0.00} value {value} aligned {text,12}");
            harness.Logger.Error(exception, $"{value}{text}{{literal}}{number}");
            harness.Logger.Warn($"{text}");
            AssertLines(harness, droppedBefore, expected: 3);
        }, iter: 150, threads: 1, print: t => $"{t.Item1.Length} chars, {t.Item2}, {t.Item3?.GetType().Name ?? "null"}, {t.Item4?.GetType().Name}");
    }

    private static void Run(bool redactValues)
    {
        using var harness = LogHarness.Local(o =>
        {
            o.MinimumLevel = LogLevel.Trace;
            o.RedactSecretValues = redactValues;
        });
        int reachedCalls = 0;
        Calls.Sample(call =>
        {
            harness.TakeLineBytes();
            var droppedBefore = Dropped(harness);
            bool reached;
            var scope = call.Scope is null ? null : harness.Logger.BeginScope(call.Scope.Select(p => new KeyValuePair<string, object?>(p.Item1, p.Item2)).ToList());
            try
            {
                reached = LogThroughMel(harness.Logger, call);
            }
            finally
            {
                scope?.Dispose();
            }

            AssertLines(harness, droppedBefore, expected: reached ? 1 : 0);
            reachedCalls += reached ? 1 : 0;
        }, iter: 250, threads: 1, print: c => c.ToString());

        // About half the generated templates get past Microsoft.Extensions.Logging's parser (122 to 140 of 250 in the runs
        // seen): the SDK's side is not vacuous.
        Assert.True(reachedCalls >= 60, $"only {reachedCalls} of 250 calls reached the SDK");
    }

    private static bool LogThroughMel(ILogger logger, Call call)
    {
        try
        {
#pragma warning disable CA2254 // The template is the input under test.
            logger.Log(call.Level, default(EventId), call.Exception, call.Template, call.Values);
#pragma warning restore CA2254
            return true;
        }
        catch (FormatException ex) when (!(ex.StackTrace ?? string.Empty).Contains("MatCarv.Observability.Logging.", StringComparison.Ordinal))
        {
            // Microsoft.Extensions.Logging's own template parser rejected the template before any provider saw it: the
            // caller's own call throws there whatever provider is configured, so nothing reaches (or is owed by) the SDK.
            return false;
        }
    }

    /// <summary>Every line written since <paramref name="before"/> is one strict-UTF-8 JSON object within the limit; as many lines as calls, less counted drops.</summary>
    private static void AssertLines(LogHarness harness, long droppedBefore, int expected)
    {
        var lines = harness.TakeLineBytes();
        var dropped = Dropped(harness) - droppedBefore;
        var written = lines.Count(l => Contains(l, LogHarness.Category));
        Assert.True(written + dropped == expected, $"{written} lines and {dropped} dropped lines for {expected} calls");
        foreach (var line in lines)
        {
            Assert.True(line.Length <= MaxLineBytes, $"a line of {line.Length} bytes");
            using var document = JsonDocument.Parse(line);
            Assert.Equal(JsonValueKind.Object, document.RootElement.ValueKind);
            var names = document.RootElement.EnumerateObject().Select(p => p.Name).ToList();
            Assert.Equal(names.Count, names.Distinct(StringComparer.Ordinal).Count());
        }
    }

    /// <summary>Reasons that drop a value (written as a placeholder), not the line.</summary>
    private static readonly string[] ValueReasons = ["tostring_failed", "destructure_failed", "enumeration_failed", "formatter_failed", "empty_key"];

    /// <summary>Lines dropped and counted so far (value-level drops leave the line in place).</summary>
    private static long Dropped(LogHarness harness)
    {
        var diagnostics = harness.Telemetry.GetDiagnostics();
        return diagnostics.GetDropCount("logging") - ValueReasons.Sum(r => diagnostics.GetDropCount("logging", r));
    }

    private static bool Contains(byte[] line, string text) => line.AsSpan().IndexOf(System.Text.Encoding.UTF8.GetBytes(text)) >= 0;

    private static Exception Thrown(string message)
    {
        try
        {
            throw new InvalidOperationException(message);
        }
        catch (InvalidOperationException ex)
        {
            return ex;
        }
    }

    public sealed record Call(LogLevel Level, string Template, object?[] Values, Exception? Exception, (string, object?)[]? Scope)
    {
        public override string ToString() =>
            $"{Level} {JsonSerializer.Serialize(Template)} [{string.Join(", ", Values.Select(v => v?.GetType().Name ?? "null"))}] {Exception?.GetType().Name} scope={Scope?.Length}";
    }

    private sealed record Hostile(string Text, bool Throws)
    {
        public override string ToString() => Throws ? throw new InvalidOperationException(Text) : Text;
    }

    private sealed class NullToString
    {
        public override string? ToString() => null;
    }

    private sealed class HostileException : Exception
    {
        public HostileException(string text)
            : base(text)
        {
        }

        public override string? StackTrace => Message;

        public override string ToString() => throw new InvalidOperationException(Message);
    }
}
