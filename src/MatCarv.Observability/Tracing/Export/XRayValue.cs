namespace MatCarv.Observability.Tracing.Export;

/// <summary>An annotation or metadata value captured on the caller's thread, written later by the background loop.</summary>
internal readonly struct XRayValue
{
    private XRayValue(XRayValueKind kind, string? text, double number, long integer, bool flag, byte[]? json)
    {
        Kind = kind;
        Text = text;
        Number = number;
        Integer = integer;
        Flag = flag;
        Json = json;
    }

    public XRayValueKind Kind { get; }

    public string? Text { get; }

    public double Number { get; }

    public long Integer { get; }

    public bool Flag { get; }

    /// <summary>Pre-serialized UTF-8 JSON (metadata only).</summary>
    public byte[]? Json { get; }

    public static XRayValue FromString(string? value) => value is null ? new(XRayValueKind.Null, null, 0, 0, false, null) : new(XRayValueKind.String, value, 0, 0, false, null);

    public static XRayValue FromDouble(double value) => new(XRayValueKind.Number, null, value, 0, false, null);

    public static XRayValue FromInt64(long value) => new(XRayValueKind.Integer, null, 0, value, false, null);

    public static XRayValue FromBoolean(bool value) => new(XRayValueKind.Boolean, null, 0, 0, value, null);

    public static XRayValue FromJson(byte[] utf8Json) => new(XRayValueKind.Json, null, 0, 0, false, utf8Json);
}
