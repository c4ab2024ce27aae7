namespace MatCarv.EndToEnd.Tests.Infrastructure;

/// <summary>
/// Packs every SDK package once per test run into a local feed, with a version unique to the run so the NuGet cache
/// never serves a stale copy. Consumers restore from it as a user would.
/// </summary>
public sealed class PackageFeed : IAsyncLifetime
{
    public string Root { get; } = Directory.CreateTempSubdirectory("matcarv-e2e-").FullName;

    public string FeedDirectory => Path.Combine(Root, "feed");

    public string Version { get; } = $"0.1.0-e2e.{DateTime.UtcNow:yyyyMMddHHmmss}.{Environment.ProcessId}";

    public ProcessResult? PackResult { get; private set; }

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(FeedDirectory);
        // The packages a user references; the samples and tests in the solution are not packable.
        foreach (var project in (string[])["MatCarv.Analyzers", "MatCarv.Observability", "MatCarv.HealthEvents", "MatCarv.Observability.AspNetCore"])
        {
            PackResult = await ProcessRunner.RunAsync(
                "dotnet",
                ["pack", Path.Combine(RepositoryRoot.Path, "src", project, project + ".csproj"), "-c", "Release", "-o", FeedDirectory,
                 $"-p:Version={Version}", "--artifacts-path", Path.Combine(Root, "artifacts"), "-p:ContinuousIntegrationBuild=true"],
                RepositoryRoot.Path,
                timeout: TimeSpan.FromMinutes(10));
            if (PackResult.ExitCode != 0)
            {
                return;
            }
        }
    }

    public void EnsurePacked()
    {
        Assert.True(PackResult is { ExitCode: 0 }, "dotnet pack failed: " + PackResult?.Describe());
    }

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
        File.WriteAllText(Path.Combine(dir, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <add key="matcarv-local" value="{FeedDirectory}" />
              </packageSources>
            </configuration>
            """);
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
