namespace MatCarv.Observability.Metrics.Emf;

/// <summary>
/// The limits of the EMF specification and of CloudWatch (research emf-xray.md §A1–A3). CloudWatch silently discards a
/// document that breaks any of them, so every name and value is checked before it can reach a document.
/// </summary>
internal static class EmfRules
{
    /// <summary>EMF: at most 100 metric definitions per directive.</summary>
    public const int MaxMetricsPerDocument = 100;

    /// <summary>EMF: a metric target holds at most 100 values.</summary>
    public const int MaxValuesPerMetric = 100;

    /// <summary>EMF schema: a DimensionSet holds at most 30 keys.</summary>
    public const int MaxDimensionsPerSet = 30;

    /// <summary>EMF schema: DimensionReference is 1–250 characters.</summary>
    public const int MaxDimensionKeyLength = 250;

    /// <summary>CloudWatch: a dimension value is 1–1024 characters.</summary>
    public const int MaxDimensionValueLength = 1024;

    /// <summary>
    /// CloudWatch: a metric name is 1–255 characters (API reference, <c>Metric.MetricName</c>). The EMF schema allows 1024,
    /// but CloudWatch does not extract a longer name: such a metric would be lost without a count (issue 10 item 5).
    /// </summary>
    public const int MaxMetricNameLength = 255;

    /// <summary>EMF schema: a root member (metadata) key may be as long as the schema's 1–1024 characters.</summary>
    public const int MaxMetadataKeyLength = 1024;

    /// <summary>CloudWatch client libraries: a namespace is 1–255 characters.</summary>
    public const int MaxNamespaceLength = 255;

    /// <summary>CloudWatch rejects values outside ±2^360 and non-zero magnitudes under 2^-360 (PutMetricData, Value).</summary>
    public static readonly double MaxMagnitude = Math.Pow(2, 360);

    /// <summary>See <see cref="MaxMagnitude"/>.</summary>
    public static readonly double MinMagnitude = Math.Pow(2, -360);

    /// <summary>The reserved root member of every EMF document.</summary>
    public const string AwsKey = "_aws";

    /// <summary>
    /// A metric name: 1–255 characters, at least one non-white-space character, no control or line-terminator characters
    /// (the schema's <c>^(.*)$</c> does not match them) and well-formed UTF-16.
    /// </summary>
    public static bool IsValidMetricName(string? name) =>
        name is not null && name.Length is > 0 and <= MaxMetricNameLength && name != AwsKey && IsPrintable(name, asciiOnly: false);

    /// <summary>A dimension key: 1–250 printable ASCII characters, not only white space, not starting with <c>:</c> (CloudWatch).</summary>
    public static bool IsValidDimensionKey(string? key) =>
        key is not null && key.Length is > 0 and <= MaxDimensionKeyLength && key[0] != ':' && key != AwsKey && IsPrintable(key, asciiOnly: true);

    /// <summary>A dimension value: 1–1024 printable ASCII characters, not only white space (CloudWatch, as aws-embedded-metrics validates).</summary>
    public static bool IsValidDimensionValue(string? value) =>
        value is not null && value.Length is > 0 and <= MaxDimensionValueLength && IsPrintable(value, asciiOnly: true);

    /// <summary>A metadata key: 1–1024 printable characters other than <c>_aws</c> (a root member, not a metric).</summary>
    public static bool IsValidMetadataKey(string? key) =>
        key is not null && key.Length is > 0 and <= MaxMetadataKeyLength && key != AwsKey && IsPrintable(key, asciiOnly: false);

    /// <summary>A metadata string value: well-formed UTF-16 of at most 1024 characters without line terminators.</summary>
    public static bool IsValidMetadataValue(string? value) => value is not null && value.Length <= 1024 && (value.Length == 0 || IsPrintable(value, asciiOnly: false, requireNonWhiteSpace: false));

    /// <summary>A namespace: 1–255 of letters, digits, space and <c>. _ # : / -</c>, not only white space, not <c>AWS/…</c>.</summary>
    public static bool IsValidNamespace(string? value)
    {
        if (value is null || value.Length is 0 or > MaxNamespaceLength || value.StartsWith("AWS/", StringComparison.Ordinal))
        {
            return false;
        }

        bool nonSpace = false;
        foreach (char c in value)
        {
            if (c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9') or '.' or '_' or '#' or ':' or '/' or '-')
            {
                nonSpace = true;
            }
            else if (c != ' ')
            {
                return false;
            }
        }

        return nonSpace;
    }

    /// <summary>A CloudWatch log group name: 1–512 of letters, digits and <c>_ - / . #</c>.</summary>
    public static bool IsValidLogGroupName(string? value)
    {
        if (value is null || value.Length is 0 or > 512)
        {
            return false;
        }

        foreach (char c in value)
        {
            if (!(c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9') or '_' or '-' or '/' or '.' or '#'))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>A value CloudWatch accepts: finite and within ±2^360 (zero, or a magnitude of at least 2^-360).</summary>
    public static bool IsValidValue(double value)
    {
        double magnitude = Math.Abs(value);
        return magnitude <= MaxMagnitude && (magnitude >= MinMagnitude || value == 0);
    }

    private static bool IsPrintable(string value, bool asciiOnly, bool requireNonWhiteSpace = true)
    {
        bool nonWhiteSpace = false;
        for (int i = 0; i < value.Length; i++)
        {
            char c = value[i];
            if (c < 0x20 || c == 0x7F || c == '\u2028' || c == '\u2029' || (c >= 0x80 && c <= 0x9F))
            {
                return false;
            }

            if (asciiOnly && c > 0x7E)
            {
                return false;
            }

            if (char.IsHighSurrogate(c))
            {
                if (i + 1 >= value.Length || !char.IsLowSurrogate(value[i + 1]))
                {
                    return false;
                }

                i++;
                nonWhiteSpace = true;
                continue;
            }

            if (char.IsLowSurrogate(c))
            {
                return false;
            }

            if (!char.IsWhiteSpace(c))
            {
                nonWhiteSpace = true;
            }
        }

        return nonWhiteSpace || !requireNonWhiteSpace;
    }
}
