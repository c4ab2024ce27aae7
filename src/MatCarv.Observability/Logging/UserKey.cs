using System.Text.Json;

namespace MatCarv.Observability.Logging;

/// <summary>A user key (template parameter, scope key, argument expression) resolved once for the output casing.</summary>
internal sealed class UserKey
{
    public UserKey(string original, string converted, JsonEncodedText encoded, bool reserved, bool sensitive, bool correlationId)
    {
        Original = original;
        Converted = converted;
        Encoded = encoded;
        Reserved = reserved;
        Sensitive = sensitive;
        IsCorrelationId = correlationId;
    }

    public string Original { get; }

    /// <summary>The key in the output casing (compared for duplicates and collisions with standard keys).</summary>
    public string Converted { get; }

    public JsonEncodedText Encoded { get; }

    /// <summary>True when it collides with a standard key: user keys never overwrite standard keys.</summary>
    public bool Reserved { get; }

    /// <summary>True when its value must be redacted.</summary>
    public bool Sensitive { get; }

    /// <summary>True when it names the correlation id.</summary>
    public bool IsCorrelationId { get; }
}
