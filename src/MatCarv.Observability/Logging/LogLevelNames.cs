using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace MatCarv.Observability.Logging;

/// <summary>
/// Level names, pre-encoded, and parsing of level settings. Two spellings: Powertools .NET's (<c>LogLevel.ToString()</c>:
/// Information, Warning, Critical), written by default, and Lambda's (TRACE, DEBUG, INFO, WARN, ERROR, FATAL), written
/// when Lambda's advanced logging controls read the <c>level</c> key (any other value is filed as INFO there).
/// </summary>
internal static class LogLevelNames
{
    private static readonly string[] DotNetNames = ["Trace", "Debug", "Information", "Warning", "Error", "Critical", "None"];

    // Lambda has no level for None; None is never written (it disables a logger), the entry only keeps the table total.
    private static readonly string[] LambdaNames = ["TRACE", "DEBUG", "INFO", "WARN", "ERROR", "FATAL", "NONE"];

    private static readonly JsonEncodedText[] DotNetEncoded = Encode(DotNetNames);

    private static readonly JsonEncodedText[] LambdaEncoded = Encode(LambdaNames);

    // A loop, not Array.ConvertAll: that is a generic method over JsonEncodedText (a struct), JIT-compiled at every cold start.
    private static JsonEncodedText[] Encode(string[] names)
    {
        var encoded = new JsonEncodedText[names.Length];
        for (int i = 0; i < names.Length; i++)
        {
            encoded[i] = JsonEncodedText.Encode(names[i]);
        }

        return encoded;
    }

    /// <summary>The encoded names, indexed by <see cref="LogLevel"/> (7 entries).</summary>
    public static JsonEncodedText[] Table(bool lambda) => lambda ? LambdaEncoded : DotNetEncoded;

    public static JsonEncodedText Get(LogLevel level) => Get(level, DotNetEncoded);

    public static JsonEncodedText Get(LogLevel level, JsonEncodedText[] table) => (uint)level < (uint)table.Length ? table[(int)level] : table[6];

    /// <summary>The name of a level as text (messages, diagnostics).</summary>
    public static string Name(LogLevel level, bool lambda)
    {
        var names = lambda ? LambdaNames : DotNetNames;
        return (uint)level < (uint)names.Length ? names[(int)level] : names[6];
    }

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
