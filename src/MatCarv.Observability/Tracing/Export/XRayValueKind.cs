namespace MatCarv.Observability.Tracing.Export;

/// <summary>The JSON type of an <see cref="XRayValue"/>.</summary>
internal enum XRayValueKind
{
    Null,
    String,
    Number,
    Integer,
    Boolean,
    Json,
}
