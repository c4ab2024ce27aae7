using System.Text.Json;

namespace MatCarv.Observability.Metrics.Emf;

/// <summary>
/// One metric of a group: its definition and its data points, a range of the group's <see cref="EmfGroup.Values"/> (written
/// as a number or an array of numbers) or, when <paramref name="IsDistribution"/>, of its <see cref="EmfGroup.Entries"/>
/// (written as <c>{"Values":[…],"Counts":[…],"Max":…,"Min":…,"Count":…,"Sum":…}</c>).
/// </summary>
internal readonly record struct EmfMetric(string Name, JsonEncodedText EncodedName, MetricUnit Unit, MetricResolution Resolution, int Start, int Count, bool IsDistribution = false);
