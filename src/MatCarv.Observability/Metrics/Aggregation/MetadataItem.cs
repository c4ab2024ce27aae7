namespace MatCarv.Observability.Metrics.Aggregation;

/// <summary>A searchable root field of a document that is not a metric or a dimension.</summary>
internal readonly record struct MetadataItem(string Key, string? Text, double Number);
