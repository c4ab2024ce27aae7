using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace MatCarv.Observability.Logging;

/// <summary>Level names as Powertools .NET writes them (<c>LogLevel.ToString()</c>), pre-encoded, and parsing of level settings.</summary>
internal static class LogLevelNames
{
    private static readonly JsonEncodedText[] Encoded =
    [
        JsonEncodedText.Encode("Trace"),
        JsonEncodedText.Encode("Debug"),
        JsonEncodedText.Encode("Information"),
        JsonEncodedText.Encode("Warning"),
        JsonEncodedText.Encode("Error"),
        JsonEncodedText.Encode("Critical"),
        JsonEncodedText.Encode("None"),
    ];

    public static JsonEncodedText Get(LogLevel level) => (uint)level < (uint)Encoded.Length ? Encoded[(int)level] : Encoded[6];

    /// <summary>
    /// Parses a level name: .NET names (Information, Warning…) and the Lambda/Powertools short names (info, warn, fatal),
    /// ignoring case.
    /// </summary>
    public static bool TryParse(string? value, out LogLevel level)
    {
        level = LogLevel.Information;
        switch (value?.Trim().ToUpperInvariant())
        {
            case "TRACE":
                level = LogLevel.Trace;
                return true;
            case "DEBUG":
                level = LogLevel.Debug;
                return true;
            case "INFO":
            case "INFORMATION":
                level = LogLevel.Information;
                return true;
            case "WARN":
            case "WARNING":
                level = LogLevel.Warning;
                return true;
            case "ERROR":
                level = LogLevel.Error;
                return true;
            case "FATAL":
            case "CRITICAL":
                level = LogLevel.Critical;
                return true;
            case "NONE":
                level = LogLevel.None;
                return true;
            default:
                return false;
        }
    }
}
