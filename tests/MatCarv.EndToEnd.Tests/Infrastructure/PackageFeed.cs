using MatCarv.Testing;

namespace MatCarv.EndToEnd.Tests.Infrastructure;

/// <summary>
/// The run's shared local feed (<see cref="SharedPackageFeed"/>: the solution packed once for every test project) and a
/// scratch folder for this assembly's consumer projects, which restore from it as a user would.
/// </summary>
public sealed class PackageFeed : IAsyncLifetime
{
    private PackedFeed? _packed;

    public string Root { get; } = Directory.CreateTempSubdirectory("matcarv-e2e-").FullName;

    internal PackedFeed Packed => _packed ?? throw new InvalidOperationException("the feed is not initialised");

    public string FeedDirectory => Packed.Directory;

    public string Version => Packed.Version;

    public async Task InitializeAsync() => _packed = await SharedPackageFeed.GetAsync();

    public void EnsurePacked() => Packed.EnsurePacked();

    /// <summary>
    /// Creates a stand-alone consumer project (no repository props, PackageReference from the local feed) with the
    /// given sample's sources, and returns its directory.
    /// </summary>
    public string CreateConsumer(string sampleName, string sdk, IEnumerable<string> packages, string extraProperties = "", string extraItems = "")
    {
        EnsurePacked();
        var dir = Path.Combine(Root, "consumers", sampleName);
        Directory.CreateDirectory(dir);
        var sampleDir = Path.Combine(RepositoryRoot.Path, "samples", sampleName);
        foreach (var file in Directory.EnumerateFiles(sampleDir, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(sampleDir, file);
            if (relative.StartsWith("bin", StringComparison.Ordinal) || relative.StartsWith("obj", StringComparison.Ordinal) || relative.EndsWith(".csproj", StringComparison.Ordinal))
            {
                continue;
            }

            var target = Path.Combine(dir, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target, overwrite: true);
        }

        // Stop MSBuild from walking up into anything else on the machine.
        File.WriteAllText(Path.Combine(dir, "Directory.Build.props"), "<Project />");
        File.WriteAllText(Path.Combine(dir, "Directory.Build.targets"), "<Project />");
        File.WriteAllText(Path.Combine(dir, "Directory.Packages.props"), "<Project><PropertyGroup><ManagePackageVersionsCentrally>false</ManagePackageVersionsCentrally></PropertyGroup></Project>");
        File.WriteAllText(Path.Combine(dir, "nuget.config"), Packed.NuGetConfig());
        var references = string.Join("\n", packages.Select(p => $"    <PackageReference Include=\"{p}\" Version=\"{Version}\" />"));
        File.WriteAllText(Path.Combine(dir, sampleName + ".csproj"), $"""
            <Project Sdk="{sdk}">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <ImplicitUsings>enable</ImplicitUsings>
                <InvariantGlobalization>true</InvariantGlobalization>
                <NoWarn>$(NoWarn);NU1603</NoWarn>
                {extraProperties}
              </PropertyGroup>
              <ItemGroup>
            {references}
                {extraItems}
              </ItemGroup>
            </Project>
            """);
        return dir;
    }

    public Task DisposeAsync()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }

        return Task.CompletedTask;
    }
}
