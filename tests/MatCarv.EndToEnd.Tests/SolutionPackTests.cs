using System.IO.Compression;
using System.Xml.Linq;
using MatCarv.EndToEnd.Tests.Infrastructure;

namespace MatCarv.EndToEnd.Tests;

/// <summary>
/// The release command, <c>dotnet pack MatCarv.Sdk.sln -c Release -o out</c> (the shared feed is made with it), gives
/// exactly the shipped packages, each complete, and nothing from samples, tests or benchmarks.
/// </summary>
[Collection(PackageFeedCollection.Name)]
[Trait("Category", "Slow")]
public sealed class SolutionPackTests
{
    private readonly PackageFeed _feed;

    public SolutionPackTests(PackageFeed feed) => _feed = feed;

    [Fact]
    public void Solution_pack_produces_exactly_the_shipped_packages()
    {
        _feed.EnsurePacked();
        var expected = ShippedPackages.All
            .SelectMany(p => p.HasLibrary
                ? new[] { $"{p.Id}.{_feed.Version}.nupkg", $"{p.Id}.{_feed.Version}.snupkg" }
                : [$"{p.Id}.{_feed.Version}.nupkg"])
            .Order(StringComparer.Ordinal)
            .ToList();
        Assert.Equal(expected, _feed.Packed.Files);
    }

    [Fact]
    public void Every_library_package_targets_net8_and_net10_with_docs_its_own_readme_and_the_analyzers()
    {
        _feed.EnsurePacked();
        foreach (var (id, hasLibrary) in ShippedPackages.All)
        {
            using var package = ZipFile.OpenRead(Path.Combine(_feed.FeedDirectory, $"{id}.{_feed.Version}.nupkg"));
            var entries = package.Entries.Select(e => e.FullName).ToHashSet(StringComparer.Ordinal);
            Assert.Contains("README.md", entries);

            // The package page shows the package's own README (absolute links), not the repository's.
            using (var readme = new StreamReader(package.GetEntry("README.md")!.Open()))
            {
                var own = File.ReadAllText(Path.Combine(MatCarv.Testing.RepositoryRoot.Path, "src", id, "README.md"));
                Assert.Equal(own, readme.ReadToEnd());
            }

            var nuspec = XDocument.Load(package.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal)).Open());
            var metadata = nuspec.Root!.Elements().Single(e => e.Name.LocalName == "metadata");
            Assert.Equal("README.md", metadata.Elements().Single(e => e.Name.LocalName == "readme").Value);
            Assert.Equal("Apache-2.0", metadata.Elements().Single(e => e.Name.LocalName == "license").Value);
            Assert.False(string.IsNullOrWhiteSpace(metadata.Elements().Single(e => e.Name.LocalName == "description").Value));
            if (!hasLibrary)
            {
                Assert.DoesNotContain(entries, e => e.StartsWith("lib/", StringComparison.Ordinal));
                Assert.Contains("analyzers/dotnet/cs/MatCarv.Analyzers.dll", entries);
                continue;
            }

            foreach (var tfm in (string[])["net8.0", "net10.0"])
            {
                Assert.Contains($"lib/{tfm}/{id}.dll", entries);
                Assert.Contains($"lib/{tfm}/{id}.xml", entries);
            }
        }

        // Referencing MatCarv.Observability brings the analyzers and their code fixes.
        using var observability = ZipFile.OpenRead(Path.Combine(_feed.FeedDirectory, $"MatCarv.Observability.{_feed.Version}.nupkg"));
        Assert.Contains(observability.Entries, e => e.FullName == "analyzers/dotnet/cs/MatCarv.Analyzers.dll");
        Assert.Contains(observability.Entries, e => e.FullName == "analyzers/dotnet/cs/MatCarv.Analyzers.CodeFixes.dll");
    }

    [Fact]
    public void Packages_were_validated_against_the_previous_release_packed_from_git_history()
    {
        _feed.EnsurePacked();
        var props = XDocument.Load(Path.Combine(MatCarv.Testing.RepositoryRoot.Path, "eng", "PackageBaseline.props"));
        string Property(string name) => props.Descendants(name).Single().Value;
        var baseline = Path.Combine(MatCarv.Testing.RepositoryRoot.Path, "artifacts", "package-baseline", Property("MatCarvBaselineVersion"));

        // Every package of the previous release is there, so package validation (src/Directory.Build.targets) compared
        // each with it during the pack above; a break without a suppression fails that pack.
        foreach (var id in Property("MatCarvBaselinePackages").Split(';'))
        {
            Assert.True(File.Exists(Path.Combine(baseline, $"{id}.{Property("MatCarvBaselineVersion")}.nupkg")), "no baseline package for " + id);
        }
    }
}
