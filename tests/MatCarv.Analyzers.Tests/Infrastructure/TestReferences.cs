using Microsoft.CodeAnalysis.Testing;

namespace MatCarv.Analyzers.Tests.Infrastructure;

/// <summary>
/// Reference assemblies without any download: a <see cref="ReferenceAssemblies"/> with no package (nothing is resolved
/// from NuGet) plus the .NET 8 reference assemblies embedded in Basic.Reference.Assemblies.Net80.
/// </summary>
internal static class TestReferences
{
    public static readonly ReferenceAssemblies None = new("net8.0");

    public static void Apply(SolutionState state)
    {
        state.AdditionalReferences.AddRange(Basic.Reference.Assemblies.Net80.References.All);
        state.Sources.Add(("Stubs.cs", Stubs.Source));
    }
}
