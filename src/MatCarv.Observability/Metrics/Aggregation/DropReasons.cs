namespace MatCarv.Observability.Metrics.Aggregation;

/// <summary>The reasons reported with <c>ReportDrop("metrics", reason)</c> (documented in docs/metrics.md).</summary>
internal static class DropReasons
{
    public const string Signal = "metrics";
    public const string InvalidValue = "invalid_value";
    public const string InvalidName = "invalid_name";
    public const string InvalidDimension = "invalid_dimension";
    public const string TooManyDimensions = "too_many_dimensions";
    public const string CardinalityLimit = "cardinality_limit";
    public const string UnitConflict = "unit_conflict";
    public const string NameCollision = "name_collision";
    public const string InvalidMetadata = "invalid_metadata";
    public const string DocumentTooLarge = "document_too_large";
    public const string QueueFull = "agent_queue_full";
    public const string SendFailed = "agent_send_failed";
}
