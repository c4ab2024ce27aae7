namespace MatCarv.Observability.Logging.Interpolation;

/// <summary>One captured interpolation hole: its argument expression, format and typed value (no boxing for primitives).</summary>
internal struct LogValue
{
    public string? Name;
    public string? Format;
    public int Alignment;
    public LogValueKind Kind;
    public long Int64;
    public double Double;
    public decimal Decimal;
    public Guid Guid;
    public object? Object;

    /// <summary>The value as an object (boxes; used only for other providers and rare types).</summary>
    public readonly object? ToObject() => Kind switch
    {
        LogValueKind.Null => null,
        LogValueKind.String or LogValueKind.Object => Object,
        LogValueKind.Boolean => Int64 != 0,
        LogValueKind.Int64 => Int64,
        LogValueKind.UInt64 => (ulong)Int64,
        LogValueKind.Double => Double,
        LogValueKind.Decimal => Decimal,
        LogValueKind.DateTime => new DateTime(Int64, (DateTimeKind)(int)Double),
        LogValueKind.DateTimeOffset => new DateTimeOffset(Int64, TimeSpan.FromMinutes(Double)),
        LogValueKind.TimeSpan => new TimeSpan(Int64),
        LogValueKind.Guid => Guid,
        _ => Object,
    };
}
