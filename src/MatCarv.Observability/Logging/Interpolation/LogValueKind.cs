namespace MatCarv.Observability.Logging.Interpolation;

/// <summary>What a captured interpolation value holds, so value types are stored without boxing.</summary>
internal enum LogValueKind : byte
{
    Null,
    String,
    Boolean,
    Int64,
    UInt64,
    Double,
    Decimal,
    DateTime,
    DateTimeOffset,
    TimeSpan,
    Guid,
    Object,
}
