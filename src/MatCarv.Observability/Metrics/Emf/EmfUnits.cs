using System.Text.Json;

namespace MatCarv.Observability.Metrics.Emf;

/// <summary>The exact unit strings of the EMF schema, pre-encoded, and the mapping from meter (UCUM) units.</summary>
internal static class EmfUnits
{
    private static readonly JsonEncodedText[] Encoded = Build();

    public static JsonEncodedText Get(MetricUnit unit) => (uint)unit < (uint)Encoded.Length ? Encoded[(int)unit] : Encoded[0];

    public static bool IsDefined(MetricUnit unit) => (uint)unit < (uint)Encoded.Length;

    public static string Name(MetricUnit unit) => unit switch
    {
        MetricUnit.None => "None",
        MetricUnit.Count => "Count",
        MetricUnit.Percent => "Percent",
        MetricUnit.Seconds => "Seconds",
        MetricUnit.Microseconds => "Microseconds",
        MetricUnit.Milliseconds => "Milliseconds",
        MetricUnit.Bytes => "Bytes",
        MetricUnit.Kilobytes => "Kilobytes",
        MetricUnit.Megabytes => "Megabytes",
        MetricUnit.Gigabytes => "Gigabytes",
        MetricUnit.Terabytes => "Terabytes",
        MetricUnit.Bits => "Bits",
        MetricUnit.Kilobits => "Kilobits",
        MetricUnit.Megabits => "Megabits",
        MetricUnit.Gigabits => "Gigabits",
        MetricUnit.Terabits => "Terabits",
        MetricUnit.BytesPerSecond => "Bytes/Second",
        MetricUnit.KilobytesPerSecond => "Kilobytes/Second",
        MetricUnit.MegabytesPerSecond => "Megabytes/Second",
        MetricUnit.GigabytesPerSecond => "Gigabytes/Second",
        MetricUnit.TerabytesPerSecond => "Terabytes/Second",
        MetricUnit.BitsPerSecond => "Bits/Second",
        MetricUnit.KilobitsPerSecond => "Kilobits/Second",
        MetricUnit.MegabitsPerSecond => "Megabits/Second",
        MetricUnit.GigabitsPerSecond => "Gigabits/Second",
        MetricUnit.TerabitsPerSecond => "Terabits/Second",
        MetricUnit.CountPerSecond => "Count/Second",
        _ => "None",
    };

    /// <summary>
    /// Maps an instrument's unit (UCUM as OpenTelemetry's semantic conventions use it: <c>ms</c>, <c>s</c>, <c>By</c>,
    /// <c>{request}</c>…) to a CloudWatch unit. Annotations in braces and <c>1</c> are counts for counters.
    /// </summary>
    public static MetricUnit FromUcum(string? unit, bool isCounter) => unit switch
    {
        "s" => MetricUnit.Seconds,
        "ms" => MetricUnit.Milliseconds,
        "us" or "\u00b5s" or "\u03bcs" => MetricUnit.Microseconds,
        "By" => MetricUnit.Bytes,
        "kBy" or "KBy" or "KiBy" => MetricUnit.Kilobytes,
        "MBy" or "MiBy" => MetricUnit.Megabytes,
        "GBy" or "GiBy" => MetricUnit.Gigabytes,
        "TBy" or "TiBy" => MetricUnit.Terabytes,
        "bit" => MetricUnit.Bits,
        "kbit" => MetricUnit.Kilobits,
        "Mbit" => MetricUnit.Megabits,
        "Gbit" => MetricUnit.Gigabits,
        "Tbit" => MetricUnit.Terabits,
        "By/s" => MetricUnit.BytesPerSecond,
        "kBy/s" or "KBy/s" => MetricUnit.KilobytesPerSecond,
        "MBy/s" => MetricUnit.MegabytesPerSecond,
        "GBy/s" => MetricUnit.GigabytesPerSecond,
        "TBy/s" => MetricUnit.TerabytesPerSecond,
        "bit/s" => MetricUnit.BitsPerSecond,
        "kbit/s" => MetricUnit.KilobitsPerSecond,
        "Mbit/s" => MetricUnit.MegabitsPerSecond,
        "Gbit/s" => MetricUnit.GigabitsPerSecond,
        "Tbit/s" => MetricUnit.TerabitsPerSecond,
        "%" => MetricUnit.Percent,
        "1/s" or "{count}/s" => MetricUnit.CountPerSecond,
        null or "" or "1" => isCounter ? MetricUnit.Count : MetricUnit.None,
        _ when unit.StartsWith('{') && unit.EndsWith('}') => isCounter ? MetricUnit.Count : MetricUnit.None,
        _ => MetricUnit.None,
    };

    private static JsonEncodedText[] Build()
    {
        var values = new JsonEncodedText[(int)MetricUnit.CountPerSecond + 1];
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = JsonEncodedText.Encode(Name((MetricUnit)i));
        }

        return values;
    }
}
