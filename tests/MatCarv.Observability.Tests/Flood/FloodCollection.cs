namespace MatCarv.Observability.Tests.Flood;

/// <summary>
/// The flood and fault cases run alone (after the parallel tests): they saturate both cores on purpose, and their
/// figures should not include other tests' load, nor slow other tests' deadlines.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class FloodCollection
{
    public const string Name = "Flood";
}
