using System.Text.Json.Serialization.Metadata;
using Microsoft.Extensions.Logging;

namespace MatCarv.Observability.Logging;

/// <summary>
/// Settings of the JSON logger. Each has an environment-variable default; a value set here wins over the environment,
/// except that <c>AWS_LAMBDA_LOG_LEVEL</c> (Lambda Advanced Logging Controls) always wins over the level, as in Powertools.
/// </summary>
public sealed class MatCarvLoggerOptions
{
    /// <summary>The default maximum size of a message or string value, in UTF-8 bytes (256 KiB).</summary>
    public const int DefaultMaxMessageBytes = 256 * 1024;

    /// <summary>The minimum level written; default <c>POWERTOOLS_LOG_LEVEL</c>, else Information.</summary>
    public LogLevel? MinimumLevel { get; set; }

    /// <summary>The casing of keys; default <c>POWERTOOLS_LOGGER_CASE</c>, else snake_case.</summary>
    public LoggerOutputCase? OutputCase { get; set; }

    /// <summary>
    /// The fraction (0 to 1) of invocations or requests that log at Debug regardless of the level; default
    /// <c>POWERTOOLS_LOGGER_SAMPLE_RATE</c>, else 0. The environment variable wins when it is set, as in Powertools.
    /// </summary>
    public double? SamplingRate { get; set; }

    /// <summary>
    /// Messages and string values longer than this many UTF-8 bytes are cut and end with a <c>…[truncated]</c> marker.
    /// Default 256 KiB. A whole line is also kept within this size or 256 KiB, whichever is larger (CloudWatch Logs' and
    /// Lambda's event limit), counted after JSON escaping: the longest strings of an oversized line are cut to a common
    /// length and marked the same way.
    /// </summary>
    public int MaxMessageBytes { get; set; } = DefaultMaxMessageBytes;

    /// <summary>The deepest nesting written for destructured (<c>{@x}</c>) values and inner exceptions; deeper levels become a marker. Default 8.</summary>
    public int MaxDepth { get; set; } = 8;

    /// <summary>Writes the key/value pairs of <c>BeginScope</c> scopes as keys of each line. Default true.</summary>
    public bool IncludeScopes { get; set; } = true;

    /// <summary>Log buffering per invocation or request (off by default).</summary>
    public LogBufferingOptions Buffering { get; } = new();

    /// <summary>
    /// Keys whose values are never written, in addition to password, secret, token, authorization and api key. Matching
    /// ignores case and separators and looks for the word anywhere in the key (<c>X-Api-Key</c>, <c>client_secret</c>).
    /// </summary>
    public ICollection<string> RedactedKeys { get; } = new List<string>();

    /// <summary>
    /// Also redacts by the shape of the text, whatever the key: the value after a secret-named key inside text
    /// (<c>Password=…;</c>, <c>Password = …</c> as a record's <c>ToString()</c> prints it, <c>"api_key":"…"</c>),
    /// <c>Bearer</c>/<c>Basic</c> credentials, URL passwords, AWS access key ids and secret-key-shaped values, and the
    /// vendor token formats the MCV1002 analyzer knows. Applies to messages, every string value (including
    /// <c>ToString()</c> output of objects), scopes and exception messages and stack traces. Default true; the cost is in
    /// <c>docs/reliability.md</c>.
    /// </summary>
    public bool RedactSecretValues { get; set; } = true;

    /// <summary>What is written instead of a redacted value. Default <c>[REDACTED]</c>.</summary>
    public string RedactionMarker { get; set; } = "[REDACTED]";

    /// <summary>
    /// Source-generated JSON metadata (a <c>JsonSerializerContext</c>) used to destructure <c>{@x}</c> values of your own
    /// types. Without it such values are written with <c>ToString()</c>: the logger never serialises by reflection.
    /// </summary>
    public IJsonTypeInfoResolver? TypeInfoResolver { get; set; }

    /// <summary>The random source of debug sampling (tests inject a seeded one); <see cref="Random.Shared"/> when null.</summary>
    internal Random? SamplingRandom { get; set; }
}
