using System.Text;
using System.Text.Json;

namespace MatCarv.Observability.Metrics.Aggregation;

/// <summary>
/// A metric's own dimensions, validated, sorted by key and interned (one instance per distinct combination), so that a
/// flush groups series by reference: metrics with the same dimensions share one document.
/// </summary>
internal sealed class DimensionList
{
    public static readonly DimensionList Empty = new([], []);

    public DimensionList(string[] keys, string[] values)
    {
        Keys = keys;
        Values = values;
        EncodedKeys = new JsonEncodedText[keys.Length];
        var identity = new StringBuilder();
        for (int i = 0; i < keys.Length; i++)
        {
            EncodedKeys[i] = JsonEncodedText.Encode(keys[i]);
            identity.Append(keys[i]).Append('\u0000').Append(values[i]).Append('\u0000');
        }

        Identity = identity.ToString();
    }

    /// <summary>Keys, sorted ordinally.</summary>
    public string[] Keys { get; }

    /// <summary>Values, in key order.</summary>
    public string[] Values { get; }

    public JsonEncodedText[] EncodedKeys { get; }

    /// <summary>A string equal for equal combinations (the interning key).</summary>
    public string Identity { get; }

    public int Count => Keys.Length;
}
