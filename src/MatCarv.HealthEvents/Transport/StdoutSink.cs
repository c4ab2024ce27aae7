using System.Buffers;
using System.Text.Json;
using MatCarv.HealthEvents.Publishing;
using MatCarv.Observability.Extensibility;

namespace MatCarv.HealthEvents.Transport;

/// <summary>
/// The local fallback: one JSON line per event on stdout, shaped like the event EventBridge delivers to its targets
/// (<c>version, id, detail-type, source, account, time, region, resources, detail</c>), so rules and consumers can be tried
/// locally: the line is a valid <c>Event</c> for EventBridge's <c>TestEventPattern</c>, whose mandatory fields are id,
/// account, source, time, region, resources and detail-type (API reference, TestEventPattern).
/// <c>account</c> is <c>AWS_ACCOUNT_ID</c>, else the account of the Lambda function the event was published from, else of
/// the first resource ARN, else the placeholder <see cref="PlaceholderAccount"/>; <c>region</c> is the resolved region,
/// else the placeholder <see cref="PlaceholderRegion"/>.
/// Under Lambda's advanced logging controls the line also carries <c>level</c> and <c>timestamp</c>, the keys Lambda's
/// log-level filter reads (a line without a valid level or RFC 3339 timestamp is filed as INFO and dropped at WARN or above,
/// AWS Lambda developer guide, "Log-level filtering"); the level follows the status (<see cref="LambdaLogLevel"/>). They come
/// after the event's own fields, which are unchanged.
/// </summary>
internal sealed class StdoutSink : IHealthEventSink
{
    private static readonly JsonEncodedText VersionName = JsonEncodedText.Encode("version");
    private static readonly JsonEncodedText IdName = JsonEncodedText.Encode("id");
    private static readonly JsonEncodedText DetailTypeName = JsonEncodedText.Encode("detail-type");
    private static readonly JsonEncodedText SourceName = JsonEncodedText.Encode("source");
    private static readonly JsonEncodedText AccountName = JsonEncodedText.Encode("account");
    private static readonly JsonEncodedText TimeName = JsonEncodedText.Encode("time");
    private static readonly JsonEncodedText RegionName = JsonEncodedText.Encode("region");
    private static readonly JsonEncodedText ResourcesName = JsonEncodedText.Encode("resources");
    private static readonly JsonEncodedText DetailName = JsonEncodedText.Encode("detail");
    private static readonly JsonEncodedText LevelName = JsonEncodedText.Encode("level");
    private static readonly JsonEncodedText TimestampName = JsonEncodedText.Encode("timestamp");

    /// <summary>The account written when none is known: 12 digits, as the event structure requires.</summary>
    public const string PlaceholderAccount = "000000000000";

    /// <summary>The region written when none is configured.</summary>
    public const string PlaceholderRegion = "local";

    private readonly TelemetrySignalContext _stdout;
    private readonly string _source;
    private readonly string _region;
    private readonly string? _account;
    private readonly bool _lambdaLevels;
    private readonly ArrayBufferWriter<byte> _buffer = new(2048);

    /// <param name="stdout">The shared stdout writer.</param>
    /// <param name="source">The events' source.</param>
    /// <param name="region">The resolved region, if any.</param>
    /// <param name="account">The configured account (<c>AWS_ACCOUNT_ID</c>), if any.</param>
    /// <param name="lambdaLevels">Whether Lambda's log controls read the lines' <c>level</c> (then <c>level</c> and <c>timestamp</c> are written).</param>
    public StdoutSink(TelemetrySignalContext stdout, string source, string? region, string? account = null, bool lambdaLevels = false)
    {
        _lambdaLevels = lambdaLevels;
        _stdout = stdout;
        _source = source;
        _region = string.IsNullOrEmpty(region) ? PlaceholderRegion : region;
        _account = IsAccountId(account) ? account : null;
    }

    public string Name => "stdout";

    public ValueTask<PutEventsResult> SendAsync(IReadOnlyList<PreparedEntry> entries, CancellationToken cancellationToken)
    {
        var codes = new string?[entries.Count];
        bool anyFailed = false;
        for (int i = 0; i < entries.Count; i++)
        {
            if (!_stdout.WriteLine(Write(entries[i])))
            {
                // The stdout buffer is full: the line writer already counted it; retrying later may fit.
                codes[i] = "InternalFailure";
                anyFailed = true;
            }
        }

        return new ValueTask<PutEventsResult>(anyFailed ? PutEventsResult.PerEntry(codes, new string?[entries.Count]) : PutEventsResult.AllAccepted);
    }

    internal ReadOnlySpan<byte> Write(PreparedEntry entry)
    {
        _buffer.ResetWrittenCount();
        using (var w = new Utf8JsonWriter(_buffer, HealthEventSerializer.WriterOptions))
        {
            w.WriteStartObject();
            w.WriteString(VersionName, "0");
            w.WriteString(IdName, entry.EventId);
            w.WriteString(DetailTypeName, entry.DetailType);
            w.WriteString(SourceName, _source);
            w.WriteString(AccountName, AccountOf(entry));
            HealthEventSerializer.WriteTimestamp(w, TimeName, entry.Time);
            w.WriteString(RegionName, _region);

            w.WriteStartArray(ResourcesName);
            foreach (var resource in entry.Resources)
            {
                w.WriteStringValue(resource);
            }

            w.WriteEndArray();
            w.WritePropertyName(DetailName);
            w.WriteRawValue(entry.Detail, skipInputValidation: true);
            if (_lambdaLevels)
            {
                w.WriteString(LevelName, LambdaLogLevel.Name(entry.LambdaLevel));
                HealthEventSerializer.WriteTimestamp(w, TimestampName, entry.Time);
            }

            w.WriteEndObject();
        }

        return _buffer.WrittenSpan;
    }

    /// <summary>The account for an entry's envelope (see the class remarks).</summary>
    internal string AccountOf(PreparedEntry entry)
    {
        if (_account is not null)
        {
            return _account;
        }

        if (AccountOfArn(entry.FunctionArn) is { } fromFunction)
        {
            return fromFunction;
        }

        foreach (var resource in entry.Resources)
        {
            if (AccountOfArn(resource) is { } fromResource)
            {
                return fromResource;
            }
        }

        return PlaceholderAccount;
    }

    /// <summary>The account field of an ARN (<c>arn:partition:service:region:account:resource</c>), when it is 12 digits.</summary>
    internal static string? AccountOfArn(string? arn)
    {
        if (arn is null || !arn.StartsWith("arn:", StringComparison.Ordinal))
        {
            return null;
        }

        var parts = arn.Split(':', 6);
        return parts.Length == 6 && IsAccountId(parts[4]) ? parts[4] : null;
    }

    private static bool IsAccountId(string? value) => value is { Length: 12 } && value.All(char.IsAsciiDigit);
}
