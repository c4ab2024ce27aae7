using System.Globalization;
using MatCarv.Observability.Lambda;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace MatCarv.Fuzz.Targets;

/// <summary>
/// A log template (field 0) and its arguments (the other fields) through <c>ILogger</c>: every line is one JSON object in
/// strict UTF-8 within 256 KiB with no key twice, and the call writes its line or counts a drop. An argument that parses
/// as a number is passed as one (the UTF-8 fast path formats numbers and strings); <c>\0obj</c> and <c>\0ex</c> pass an
/// object and an exception carrying the field (the char path); <c>\0null</c> passes null. Odd-length inputs log with value
/// redaction off, so both fast-path modes run.
/// </summary>
public sealed class LogTemplateTarget : IFuzzTarget
{
    private readonly OutputLines _output = new();
    private readonly Lazy<(MatCarvLambda Lambda, ILogger Logger)>[] _sdk;

    public LogTemplateTarget() =>
        _sdk = [Create(redactValues: true), Create(redactValues: false)];

    public string Name => "log-template";

    public void Run(ReadOnlySpan<byte> data)
    {
        var fields = FuzzInput.Fields(data);
        var (lambda, logger) = _sdk[data.Length & 1].Value;
        var args = fields.Skip(1).Select(Argument).ToArray();
        var droppedBefore = DroppedLines(lambda);
        bool reached = true;
        try
        {
#pragma warning disable CA2254 // The template is the input under test.
            logger.Log(LogLevel.Information, default(EventId), args.OfType<Exception>().FirstOrDefault(), fields[0], args);
#pragma warning restore CA2254
        }
        catch (FormatException ex) when (!(ex.StackTrace ?? string.Empty).Contains("MatCarv.Observability.Logging.", StringComparison.Ordinal))
        {
            // Microsoft.Extensions.Logging's own template parser (LogValuesFormatter) threw before any provider was called.
            reached = false;
        }

        lambda.FlushAsync(TimeSpan.FromSeconds(5)).AsTask().GetAwaiter().GetResult();
        var lines = _output.TakeChecked();
        var written = lines.Count(l => l.TryGetProperty("name", out var n) && n.ValueKind == System.Text.Json.JsonValueKind.String && n.GetString() == "fuzz");
        var dropped = DroppedLines(lambda) - droppedBefore;
        FuzzFindingException.Check(written + dropped == (reached ? 1 : 0), $"{written} lines and {dropped} drops for one call");
    }

    // Reasons that drop a value (written as a placeholder), not the line.
    private static readonly string[] ValueReasons = ["tostring_failed", "destructure_failed", "enumeration_failed", "formatter_failed", "empty_key"];

    private static long DroppedLines(MatCarvLambda lambda)
    {
        var diagnostics = lambda.GetDiagnostics();
        return diagnostics.GetDropCount("logging") - ValueReasons.Sum(r => diagnostics.GetDropCount("logging", r));
    }

    private Lazy<(MatCarvLambda, ILogger)> Create(bool redactValues) => new(() =>
    {
        var lambda = MatCarvLambda.Create(
            o =>
            {
                o.EnvironmentVariables = new Dictionary<string, string?> { ["POWERTOOLS_SERVICE_NAME"] = "fuzz" };
                o.Output = _output.Stream;
                o.OutputFlushInterval = TimeSpan.FromHours(1);
            },
            b => b.WithLogging(l => l.RedactSecretValues = redactValues));
        return (lambda, lambda.LoggerFactory.CreateLogger("fuzz"));
    });

    private static object? Argument(string field) => field switch
    {
        "\0null" => null,
        _ when field.StartsWith("\0obj", StringComparison.Ordinal) => new Hostile(field[4..]),
        _ when field.StartsWith("\0ex", StringComparison.Ordinal) => new InvalidOperationException(field[3..]),
        _ when long.TryParse(field, NumberStyles.Integer, CultureInfo.InvariantCulture, out var l) => l,
        _ when double.TryParse(field, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) => d,
        _ => field,
    };

    private sealed record Hostile(string Text)
    {
        public override string ToString() => Text.Length % 3 == 0 ? throw new InvalidOperationException(Text) : Text;
    }
}
