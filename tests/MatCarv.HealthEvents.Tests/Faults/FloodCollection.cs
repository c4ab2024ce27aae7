namespace MatCarv.HealthEvents.Tests.Faults;

/// <summary>
/// The flood case runs alone (after the parallel tests): it saturates the cores on purpose, and the other fault tests'
/// flush deadlines should not pay for it.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class FloodCollection
{
    public const string Name = "Flood";
}
