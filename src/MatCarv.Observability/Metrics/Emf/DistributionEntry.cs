namespace MatCarv.Observability.Metrics.Emf;

/// <summary>
/// One value of a distribution written as EMF <c>Values</c>/<c>Counts</c>: the value written, how many recorded values it
/// stands for, and the exact sum, minimum and maximum of those values (a document's <c>Sum</c>, <c>Min</c>, <c>Max</c> and
/// <c>Count</c> are computed from the entries it holds). <see cref="Value"/> lies in [<see cref="Min"/>, <see cref="Max"/>]
/// and <see cref="Count"/> is positive.
/// </summary>
internal readonly record struct DistributionEntry(double Value, long Count, double Sum, double Min, double Max);
