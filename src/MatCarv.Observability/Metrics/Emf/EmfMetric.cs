using System.Text.Json;

namespace MatCarv.Observability.Metrics.Emf;

/// <summary>One metric of a group: its definition and a range of the group's values.</summary>
internal readonly record struct EmfMetric(string Name, JsonEncodedText EncodedName, MetricUnit Unit, MetricResolution Resolution, int Start, int Count);
