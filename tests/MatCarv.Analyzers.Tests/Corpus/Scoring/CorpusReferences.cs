using Microsoft.CodeAnalysis;

namespace MatCarv.Analyzers.Tests.Corpus.Scoring;

/// <summary>
/// Metadata references of the corpus compilations: the reference paths MSBuild resolved for this test project
/// (corpus-references.txt, written by the project file), less the test infrastructure's own assemblies. Test frameworks are
/// given only to the compilations that use them, because "a test framework is referenced" is itself evidence the rules read.
/// </summary>
internal static class CorpusReferences
{
    private static readonly string[] InfrastructurePackages =
    [
        "Microsoft.CodeAnalysis", "Microsoft.CodeCoverage", "Microsoft.TestPlatform", "Microsoft.NET.Test.Sdk", "Microsoft.VisualStudio",
        "Basic.Reference.Assemblies", "System.Composition", "System.ComponentModel.Composition",
    ];

    private static readonly string[] TestFrameworkPackages = ["xunit", "NUnit"];

    private static readonly Lazy<(IReadOnlyList<MetadataReference> Service, IReadOnlyList<MetadataReference> TestFrameworks)> Loaded = new(Load);

    public static IReadOnlyList<MetadataReference> For(ProjectKind kind) => kind switch
    {
        ProjectKind.Service => Loaded.Value.Service,
        ProjectKind.WithTestFrameworks => [.. Loaded.Value.Service, .. Loaded.Value.TestFrameworks],
        _ => Basic.Reference.Assemblies.Net80.References.All,
    };

    private static (IReadOnlyList<MetadataReference>, IReadOnlyList<MetadataReference>) Load()
    {
        var list = Path.Combine(AppContext.BaseDirectory, "corpus-references.txt");
        var service = new List<MetadataReference>();
        var testFrameworks = new List<MetadataReference>();
        foreach (var line in File.ReadAllLines(list).Where(l => l.Length > 0))
        {
            var parts = line.Split('|', 3);
            var (package, framework, path) = (parts[0], parts[1], parts[2]);
            if (framework is "Microsoft.NETCore.App" or "Microsoft.AspNetCore.App")
            {
                service.Add(MetadataReference.CreateFromFile(path));
            }
            else if (package.Length == 0 || InfrastructurePackages.Any(p => package.StartsWith(p, StringComparison.OrdinalIgnoreCase)))
            {
                // Project references (MatCarv.*) and the test infrastructure are not part of a service's compilation.
            }
            else if (TestFrameworkPackages.Any(p => package.StartsWith(p, StringComparison.OrdinalIgnoreCase)))
            {
                testFrameworks.Add(MetadataReference.CreateFromFile(path));
            }
            else
            {
                service.Add(MetadataReference.CreateFromFile(path));
            }
        }

        return (service, testFrameworks);
    }
}
