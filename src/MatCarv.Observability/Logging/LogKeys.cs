using System.Text.Json;

namespace MatCarv.Observability.Logging;

/// <summary>
/// The standard keys of a line (Powertools .NET schema), pre-encoded once per casing so the hot path never converts
/// or escapes a key name.
/// </summary>
internal sealed class LogKeys
{
    private static readonly string[] StandardNames =
    [
        "level", "message", "timestamp", "service", "cold_start", "function_name", "function_memory_size", "function_arn",
        "function_request_id", "function_version", "xray_trace_id", "trace_id", "span_id", "name", "sampling_rate",
        "correlation_id", "exception",
    ];

    private readonly HashSet<string> _reserved;

    private LogKeys(LoggerOutputCase outputCase, bool lambdaKeys = false)
    {
        Case = outputCase;

        // Lambda's log-level filtering reads exactly "level" and "timestamp" (a line without them is filed as INFO), so
        // under its log controls these two keep that spelling whatever the casing (Powertools .NET renames Level to
        // LogLevel under PascalCase instead, which Lambda then files as INFO).
        Level = lambdaKeys ? JsonEncodedText.Encode("level") : Key("level");
        Message = Key("message");
        Timestamp = lambdaKeys ? JsonEncodedText.Encode("timestamp") : Key("timestamp");
        Service = Key("service");
        ColdStart = Key("cold_start");
        FunctionName = Key("function_name");
        FunctionMemorySize = Key("function_memory_size");
        FunctionArn = Key("function_arn");
        FunctionRequestId = Key("function_request_id");
        FunctionVersion = Key("function_version");
        XRayTraceId = Key("xray_trace_id");
        TraceId = Key("trace_id");
        SpanId = Key("span_id");
        Name = Key("name");
        SamplingRate = Key("sampling_rate");
        CorrelationId = Key("correlation_id");
        Exception = Key("exception");
        ExceptionType = Key("type");
        ExceptionMessage = Key("message");
        ExceptionSource = Key("source");
        ExceptionStackTrace = Key("stack_trace");
        InnerException = Key("inner_exception");
        Scopes = Key("scopes");
        _reserved = new HashSet<string>(StandardNames.Select(n => KeyCasing.Convert(n, outputCase)), StringComparer.Ordinal);
    }

    // Each casing is built when first used (a benign race may build one twice): a process uses one, and building all four
    // in the type's static constructor was start-up work for the three it never writes.
    private static LogKeys? _snake;
    private static LogKeys? _camel;
    private static LogKeys? _pascal;
    private static LogKeys? _pascalLambda;

    public static LogKeys Snake => Volatile.Read(ref _snake) ?? Publish(ref _snake, new(LoggerOutputCase.SnakeCase));

    public static LogKeys Camel => Volatile.Read(ref _camel) ?? Publish(ref _camel, new(LoggerOutputCase.CamelCase));

    public static LogKeys Pascal => Volatile.Read(ref _pascal) ?? Publish(ref _pascal, new(LoggerOutputCase.PascalCase));

    /// <summary>PascalCase under Lambda's log controls: <c>level</c> and <c>timestamp</c> stay lowercase.</summary>
    public static LogKeys PascalLambda => Volatile.Read(ref _pascalLambda) ?? Publish(ref _pascalLambda, new(LoggerOutputCase.PascalCase, lambdaKeys: true));

    public LoggerOutputCase Case { get; }

    public JsonEncodedText Level { get; }

    public JsonEncodedText Message { get; }

    public JsonEncodedText Timestamp { get; }

    public JsonEncodedText Service { get; }

    public JsonEncodedText ColdStart { get; }

    public JsonEncodedText FunctionName { get; }

    public JsonEncodedText FunctionMemorySize { get; }

    public JsonEncodedText FunctionArn { get; }

    public JsonEncodedText FunctionRequestId { get; }

    public JsonEncodedText FunctionVersion { get; }

    public JsonEncodedText XRayTraceId { get; }

    public JsonEncodedText TraceId { get; }

    public JsonEncodedText SpanId { get; }

    public JsonEncodedText Name { get; }

    public JsonEncodedText SamplingRate { get; }

    public JsonEncodedText CorrelationId { get; }

    public JsonEncodedText Exception { get; }

    public JsonEncodedText ExceptionType { get; }

    public JsonEncodedText ExceptionMessage { get; }

    public JsonEncodedText ExceptionSource { get; }

    public JsonEncodedText ExceptionStackTrace { get; }

    public JsonEncodedText InnerException { get; }

    public JsonEncodedText Scopes { get; }

    private static LogKeys Publish(ref LogKeys? slot, LogKeys keys) => Interlocked.CompareExchange(ref slot, keys, null) ?? keys;

    /// <summary>The keys for a casing; <paramref name="lambdaLevels"/> when Lambda's log controls read the lines.</summary>
    public static LogKeys For(LoggerOutputCase outputCase, bool lambdaLevels = false) => outputCase switch
    {
        // snake_case and camelCase already spell "level" and "timestamp" in lowercase.
        LoggerOutputCase.CamelCase => Camel,
        LoggerOutputCase.PascalCase => lambdaLevels ? PascalLambda : Pascal,
        _ => Snake,
    };

    /// <summary>True when a converted user key would collide with a standard key (user keys never overwrite them).</summary>
    public bool IsReserved(string convertedKey) => _reserved.Contains(convertedKey);

    /// <summary>True when a user key names the correlation id (any casing or separators).</summary>
    public static bool IsCorrelationIdKey(string key) =>
        key.Length is >= 13 and <= 16 && SensitiveKeys.Normalize(key) == "correlationid";

    private JsonEncodedText Key(string snake) => JsonEncodedText.Encode(KeyCasing.Convert(snake, Case));
}
