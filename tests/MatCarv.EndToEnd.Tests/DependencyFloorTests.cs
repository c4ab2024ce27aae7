using System.IO.Compression;
using System.Text.Json;
using System.Xml.Linq;
using MatCarv.EndToEnd.Tests.Infrastructure;
using MatCarv.Testing;

namespace MatCarv.EndToEnd.Tests;

/// <summary>
/// Dependency floors (Directory.Packages.props): a .NET 8 application stays on 8.0.x Microsoft.Extensions.* packages, a
/// .NET 10 one on 10.0.x, and the net8.0 build of the SDK really runs on the 8.0 floors.
/// </summary>
[Collection(PackageFeedCollection.Name)]
[Trait("Category", "Slow")]
public sealed class DependencyFloorTests
{
    private readonly PackageFeed _feed;

    public DependencyFloorTests(PackageFeed feed) => _feed = feed;

    [Fact]
    public void Each_target_framework_depends_on_its_own_microsoft_extensions_major()
    {
        _feed.EnsurePacked();
        foreach (var (id, _) in ShippedPackages.All.Where(p => p.HasLibrary))
        {
            using var package = ZipFile.OpenRead(Path.Combine(_feed.FeedDirectory, $"{id}.{_feed.Version}.nupkg"));
            var nuspec = XDocument.Load(package.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal)).Open());
            var groups = nuspec.Descendants().Where(e => e.Name.LocalName == "group" && e.Parent?.Name.LocalName == "dependencies").ToList(); // not frameworkReferences' groups
            foreach (var (tfm, major) in new[] { ("net8.0", "8.0."), ("net10.0", "10.0.") })
            {
                var group = groups.Single(g => (string?)g.Attribute("targetFramework") == tfm);
                foreach (var dependency in group.Elements().Where(d => ((string)d.Attribute("id")!).StartsWith("Microsoft.Extensions.", StringComparison.Ordinal)))
                {
                    var version = (string)dependency.Attribute("version")!;
                    Assert.True(version.StartsWith(major, StringComparison.Ordinal), $"{id} {tfm} depends on {dependency.Attribute("id")} {version}");
                }
            }
        }
    }

    [Fact]
    public async Task A_net8_application_restores_the_packages_on_8_0_floors_builds_and_runs()
    {
        _feed.EnsurePacked();
        var project = Path.Combine(_feed.Root, "floors-net8");
        Directory.CreateDirectory(project);
        File.WriteAllText(Path.Combine(project, "nuget.config"), _feed.Packed.NuGetConfig());
        File.WriteAllText(Path.Combine(project, "Directory.Build.props"), "<Project />");
        File.WriteAllText(Path.Combine(project, "Directory.Build.targets"), "<Project />");
        File.WriteAllText(Path.Combine(project, "Directory.Packages.props"), "<Project />");
        File.WriteAllText(Path.Combine(project, "Floors.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net8.0</TargetFramework>
                <Nullable>enable</Nullable>
                <ImplicitUsings>enable</ImplicitUsings>
                <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
                <InvariantGlobalization>true</InvariantGlobalization>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="MatCarv.Observability" Version="{_feed.Version}" />
                <PackageReference Include="MatCarv.HealthEvents" Version="{_feed.Version}" />
              </ItemGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(project, "Program.cs"), """
            using MatCarv.Observability.Lambda;
            using MatCarv.Observability.Metrics;
            using Microsoft.Extensions.Logging;

            await using var telemetry = MatCarvLambda.Create(o => o.ServiceName = "floors");
            var log = telemetry.CreateLogger<LambdaInvocation>();
            await telemetry.RunAsync(new LambdaInvocation("request-1", "arn:aws:lambda:us-east-1:123456789012:function:floors"), invocation =>
            {
                log.LogInformation("Running on {Framework}", System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription);
                telemetry.Metrics.AddMetric("FloorRuns", 1, MetricUnit.Count);
                return Task.FromResult(0);
            });
            """);

        var build = await ProcessRunner.RunAsync("dotnet", ["build", "-c", "Release", "-o", Path.Combine(project, "out")], project);
        Assert.True(build.ExitCode == 0, build.Describe());
        Assert.DoesNotContain("NU1605", build.StandardOutput, StringComparison.Ordinal); // a package downgrade
        Assert.DoesNotContain("NU1608", build.StandardOutput, StringComparison.Ordinal); // outside a dependency's range

        // Every Microsoft.Extensions.* package restored for net8.0 is an 8.0.x one (none lifted onto 10.x).
        using (var assets = JsonDocument.Parse(File.ReadAllText(Path.Combine(project, "obj", "project.assets.json"))))
        {
            var libraries = assets.RootElement.GetProperty("targets").GetProperty("net8.0").EnumerateObject().Select(p => p.Name).ToList();
            var extensions = libraries.Where(l => l.StartsWith("Microsoft.Extensions.", StringComparison.Ordinal)).ToList();
            Assert.NotEmpty(extensions);
            Assert.All(extensions, l => Assert.StartsWith("8.0.", l.Split('/')[1], StringComparison.Ordinal));
        }

        // Only the .NET 10 runtime is installed here: DOTNET_ROLL_FORWARD=Major runs the net8.0 app on it, with the 8.0
        // Microsoft.Extensions.* assemblies from the app folder (they are packages, not part of the shared framework).
        var run = await ProcessRunner.RunAsync(
            "dotnet",
            [Path.Combine(project, "out", "Floors.dll")],
            project,
            new Dictionary<string, string?> { ["DOTNET_ROLL_FORWARD"] = "Major", ["AWS_LAMBDA_FUNCTION_NAME"] = null, ["POWERTOOLS_SERVICE_NAME"] = null },
            TimeSpan.FromMinutes(2));
        Assert.True(run.ExitCode == 0, run.Describe());
        var output = EmittedOutput.Parse(run.StandardOutput);
        Assert.Contains(output.Logs, l => l.GetProperty("message").GetString()!.StartsWith("Running on .NET", StringComparison.Ordinal) && l.GetProperty("service").GetString() == "floors");
        Assert.Contains(output.Emf, d => d.TryGetProperty("FloorRuns", out _));
        Assert.True(File.Exists(Path.Combine(project, "out", "Microsoft.Extensions.Logging.dll")));
        Assert.Equal(8, System.Reflection.AssemblyName.GetAssemblyName(Path.Combine(project, "out", "Microsoft.Extensions.Logging.dll")).Version!.Major);
    }
}
