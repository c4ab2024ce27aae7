using System.IO.Compression;
using System.Xml.Linq;
using MatCarv.Testing;

namespace MatCarv.EndToEnd.Tests;

/// <summary>
/// Upgrading one package alone cannot break the other: MatCarv.HealthEvents depends on MatCarv.Observability as
/// <c>[its version, next minor)</c>, and it runs, from packages, against the oldest and the newest MatCarv.Observability of
/// that range (each packed with its own assembly version, so the loader binds the one restored).
/// </summary>
[Trait("Category", "Slow")]
public sealed class PackageCompatibilityTests : IAsyncLifetime
{
    // A major.minor no other run uses (the time and the process), so the global NuGet cache never serves another run's
    // package under these versions; each part stays within an assembly version's 0..65534.
    private static readonly long Stamp = (long)(DateTime.UtcNow - new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc)).TotalSeconds;
    private static readonly int Major = 100 + (int)(Stamp / 1000 % 60000);
    private static readonly int Minor = (int)(Stamp % 1000 * 10) + (Environment.ProcessId % 10);

    private readonly string _root = Directory.CreateTempSubdirectory("matcarv-compat-").FullName;

    private string Feed => Path.Combine(_root, "feed");

    private static string Oldest => $"{Major}.{Minor}.0";

    private static string Newest => $"{Major}.{Minor}.7";

    public Task InitializeAsync()
    {
        Directory.CreateDirectory(Feed);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task HealthEvents_runs_against_the_oldest_and_the_newest_Observability_its_range_allows()
    {
        await PackAsync("MatCarv.HealthEvents", Oldest);
        await PackAsync("MatCarv.Observability", Oldest);
        await PackAsync("MatCarv.Observability", Newest);

        Assert.Equal($"[{Oldest}, {Major}.{Minor + 1}.0)", DependencyRange(Path.Combine(Feed, $"MatCarv.HealthEvents.{Oldest}.nupkg"), "MatCarv.Observability"));

        foreach (var observability in new[] { Oldest, Newest })
        {
            var run = await RunConsumerAsync(observability);
            Assert.True(run.ExitCode == 0, run.Describe());
            Assert.Contains($"MatCarv.Observability {observability}.0", run.StandardError, StringComparison.Ordinal);
            Assert.Contains(run.StandardOutput.Split('\n'), line => line.Contains("\"detail-type\"", StringComparison.Ordinal) && line.Contains("compat check", StringComparison.Ordinal));
        }
    }

    public Task DisposeAsync()
    {
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
        }

        return Task.CompletedTask;
    }

    private static string DependencyRange(string package, string id)
    {
        using var zip = ZipFile.OpenRead(package);
        var nuspec = zip.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal));
        using var stream = nuspec.Open();
        var ranges = XDocument.Load(stream).Descendants().Where(e => e.Name.LocalName == "dependency" && (string?)e.Attribute("id") == id)
            .Select(e => (string)e.Attribute("version")!).Distinct().ToArray();
        return Assert.Single(ranges);
    }

    private async Task PackAsync(string project, string version)
    {
        var pack = await ProcessRunner.RunAsync(
            "dotnet",
            ["pack", Path.Combine(RepositoryRoot.Path, "src", project, project + ".csproj"), "-c", "Release", "-o", Feed, $"-p:Version={version}",
             "--artifacts-path", Path.Combine(_root, "artifacts-" + version), "-p:ContinuousIntegrationBuild=true"],
            RepositoryRoot.Path,
            timeout: TimeSpan.FromMinutes(10));
        Assert.True(pack.ExitCode == 0, pack.Describe());
    }

    private async Task<ProcessResult> RunConsumerAsync(string observability)
    {
        var dir = Path.Combine(_root, "consumer-" + observability);
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, "Directory.Build.props"), "<Project />");
        File.WriteAllText(Path.Combine(dir, "Directory.Build.targets"), "<Project />");
        File.WriteAllText(Path.Combine(dir, "Directory.Packages.props"), "<Project><PropertyGroup><ManagePackageVersionsCentrally>false</ManagePackageVersionsCentrally></PropertyGroup></Project>");
        File.WriteAllText(Path.Combine(dir, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <add key="matcarv-compat" value="{Feed}" />
              </packageSources>
            </configuration>
            """);
        File.WriteAllText(Path.Combine(dir, "Consumer.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <ImplicitUsings>enable</ImplicitUsings>
                <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
                <NoWarn>$(NoWarn);NU1603;MCV2002</NoWarn>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="MatCarv.HealthEvents" Version="{Oldest}" />
                <PackageReference Include="MatCarv.Observability" Version="{observability}" />
              </ItemGroup>
            </Project>
            """);

        // Everything HealthEvents touches in Observability: the builder, the signal contract (start, flush, dispose), the
        // shared context (identity, environment, stdout, drop counts) and the container-less service lookup.
        File.WriteAllText(Path.Combine(dir, "Program.cs"), """
            using MatCarv.HealthEvents;
            using MatCarv.Observability.Lambda;
            using Microsoft.Extensions.DependencyInjection;
            using Microsoft.Extensions.Diagnostics.HealthChecks;

            var lambda = MatCarvLambda.Create(
                o => o.ServiceName = "compat",
                b => b.WithHealthEvents(h => h.Transport = HealthEventsTransport.Stdout));
            var publisher = (IHealthEventPublisher)lambda.Services.GetService(typeof(IHealthEventPublisher))!;
            var published = publisher.TryPublish(new HealthEvent(HealthStatus.Degraded, "compat check"));
            var flushed = await lambda.FlushAsync(TimeSpan.FromSeconds(10));
            var dropped = lambda.GetDiagnostics().TotalDropped;
            await lambda.DisposeAsync();
            Console.Error.WriteLine($"MatCarv.Observability {typeof(MatCarvLambda).Assembly.GetName().Version}");
            return published && flushed && dropped == 0 ? 0 : 1;
            """);
        var build = await ProcessRunner.RunAsync("dotnet", ["build", "-c", "Release"], dir, timeout: TimeSpan.FromMinutes(10));
        Assert.True(build.ExitCode == 0, build.Describe());
        return await ProcessRunner.RunAsync(
            "dotnet",
            [Path.Combine(dir, "bin", "Release", "net10.0", "Consumer.dll")],
            dir,
            new Dictionary<string, string?> { ["AWS_REGION"] = null, ["AWS_LAMBDA_FUNCTION_NAME"] = null },
            TimeSpan.FromMinutes(2));
    }
}
