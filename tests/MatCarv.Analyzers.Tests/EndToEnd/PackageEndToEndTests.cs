using System.Diagnostics;
using System.Text;
using MatCarv.Testing;
using Xunit.Abstractions;

namespace MatCarv.Analyzers.Tests.EndToEnd;

/// <summary>
/// Takes MatCarv.Analyzers from the run's shared local feed (the solution packed once), references it as a PackageReference from a local feed in a fresh project and
/// runs a real 'dotnet build': proves that the package layout is right and that the Roslyn 4.14-built analyzers load in
/// this SDK's compiler (an analyzer built on a newer Roslyn is silently skipped with CS9057).
/// </summary>
[Trait("Category", "Slow")]
public sealed class PackageEndToEndTests : IDisposable
{
    private readonly ITestOutputHelper _output;
    private readonly string _work = Path.Combine(Path.GetTempPath(), "matcarv-analyzers-e2e-" + Guid.NewGuid().ToString("N"));

    public PackageEndToEndTests(ITestOutputHelper output)
    {
        _output = output;
        Directory.CreateDirectory(_work);
    }

    [Fact]
    public async Task Packed_analyzers_report_diagnostics_in_a_real_build_from_a_local_feed()
    {
        // The one feed every test project of this run shares (tests/Shared/SharedPackageFeed.cs).
        var packed = await SharedPackageFeed.GetAsync();
        packed.EnsurePacked();
        var feed = packed.Directory;
        var version = packed.Version;
        Assert.True(File.Exists(Path.Combine(feed, $"MatCarv.Analyzers.{version}.nupkg")), string.Join("\n", packed.Files));

        var consumer = Path.Combine(_work, "consumer");
        Directory.CreateDirectory(consumer);
        await File.WriteAllTextAsync(Path.Combine(consumer, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <add key="matcarv-local" value="{feed}" />
              </packageSources>
            </configuration>
            """);
        await File.WriteAllTextAsync(Path.Combine(consumer, "Consumer.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <TreatWarningsAsErrors>false</TreatWarningsAsErrors>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="MatCarv.Analyzers" Version="{version}" />
              </ItemGroup>
            </Project>
            """);
        await File.WriteAllTextAsync(Path.Combine(consumer, "Service.cs"), """
            namespace Microsoft.Extensions.Logging
            {
                public interface ILogger { }
                public static class LoggerExtensions { public static void LogInformation(this ILogger logger, string? message, params object?[] args) { } }
            }
            namespace Consumer
            {
                public sealed class Service
                {
                    private const string GitHubToken = "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";
                    private const string DbPassword = "Tr0ub4dor&3x";
                    public void Run(Microsoft.Extensions.Logging.ILogger logger, string id)
                    {
                        Microsoft.Extensions.Logging.LoggerExtensions.LogInformation(logger, $"Order {id} placed");
                        System.Console.WriteLine(id);
                    }
                }
            }
            """);

        var build = await RunAsync(consumer, freshPackageCache: true, "build", "Consumer.csproj", "-c", "Release", "--disable-build-servers", "-p:UseSharedCompilation=false");
        _output.WriteLine(build.Output);
        Assert.NotEqual(0, build.ExitCode);
        Assert.Contains("error MCV1002", build.Output, StringComparison.Ordinal);
        Assert.Contains("warning MCV1003", build.Output, StringComparison.Ordinal);
        Assert.Contains("warning MCV2003", build.Output, StringComparison.Ordinal);
        Assert.Contains("warning MCV2002", build.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("CS9057", build.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("CS8032", build.Output, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_work, recursive: true);
        }
        catch (IOException)
        {
            // A build server may still hold a file for a moment; the temp folder is cleaned by the OS.
        }
    }

    private async Task<(int ExitCode, string Output)> RunAsync(string workingDirectory, bool freshPackageCache, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // The consumer restores into a fresh package cache: it can only pass with the package just packed, never a stale copy.
        if (freshPackageCache)
        {
            start.Environment["NUGET_PACKAGES"] = Path.Combine(_work, "packages");
        }

        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        foreach (var key in start.Environment.Keys.Where(k => k.StartsWith("MSBuild", StringComparison.OrdinalIgnoreCase) && k != "MSBUILDDISABLENODEREUSE").ToList())
        {
            start.Environment.Remove(key);
        }

        using var process = Process.Start(start)!;
        var output = new StringBuilder();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(timeout.Token);
        output.Append(await stdout).Append(await stderr);
        return (process.ExitCode, output.ToString());
    }
}
