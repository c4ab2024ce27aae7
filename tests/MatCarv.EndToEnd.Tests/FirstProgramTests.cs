using System.Text.RegularExpressions;
using MatCarv.EndToEnd.Tests.Infrastructure;
using MatCarv.Testing;

namespace MatCarv.EndToEnd.Tests;

/// <summary>
/// Issue 14's "Done when": a new project on net8.0 and one on net10.0 follow only the README's "First program" section —
/// install the packages from the local feed, configure them from <c>appsettings.json</c>, flush through
/// <c>MatCarvTelemetry.FlushAsync</c> — and publish with Native AOT with zero trim/AOT warnings; the native binary writes
/// what <c>appsettings.json</c> configured. (The Lambda sample's own native publish and run are in ReadmeCommandTests.)
/// </summary>
[Collection(PackageFeedCollection.Name)]
[Trait("Category", "Slow")]
public sealed partial class FirstProgramTests
{
    private const string Section = "## First program";
    private readonly PackageFeed _feed;

    public FirstProgramTests(PackageFeed feed) => _feed = feed;

    [Theory]
    [InlineData("net10.0")]
    [InlineData("net8.0")]
    public async Task Readme_first_program_installs_configures_from_appsettings_flushes_and_publishes_native_without_warnings(string framework)
    {
        _feed.EnsurePacked();
        var root = Path.Combine(_feed.Root, "first-program-" + framework);
        Directory.CreateDirectory(root);
        File.WriteAllText(Path.Combine(root, "nuget.config"), _feed.Packed.NuGetConfig());
        File.WriteAllText(Path.Combine(root, "Directory.Build.props"), "<Project />");
        File.WriteAllText(Path.Combine(root, "Directory.Build.targets"), "<Project />");
        File.WriteAllText(Path.Combine(root, "Directory.Packages.props"), "<Project />");

        var text = Readme.Section(Section);
        var shell = Readme.Blocks("bash", text);
        Assert.True(shell.Count == 2, "the section shows a setup block and a publish block");

        // The setup block as written; on .NET 8 with the two changes the section states.
        var directory = root;
        foreach (var line in CommandLines(shell[0]))
        {
            var command = line;
            if (framework == "net8.0")
            {
                Assert.Contains("<TargetFramework>net8.0</TargetFramework>", text, StringComparison.Ordinal);
                Assert.Contains("Microsoft.Extensions.Hosting --version 8.0.1", text, StringComparison.Ordinal);
                command = command.Replace("Microsoft.Extensions.Hosting --version 10.0.0", "Microsoft.Extensions.Hosting --version 8.0.1", StringComparison.Ordinal);
            }

            directory = await RunAsync(command, directory);
            if (framework == "net8.0" && command.StartsWith("dotnet new console", StringComparison.Ordinal))
            {
                // The .NET 10 SDK's template offers only net10.0 (--framework net8.0 is refused): the README's edit instead.
                var created = Directory.EnumerateFiles(Path.Combine(directory, "Orders"), "*.csproj").Single();
                var csproj = File.ReadAllText(created);
                Assert.Contains("<TargetFramework>net10.0</TargetFramework>", csproj, StringComparison.Ordinal);
                File.WriteAllText(created, csproj.Replace("<TargetFramework>net10.0</TargetFramework>", "<TargetFramework>net8.0</TargetFramework>", StringComparison.Ordinal));
            }
        }

        var project = Directory.EnumerateFiles(directory, "*.csproj").Single();
        var xml = Assert.Single(Readme.Blocks("xml", text));
        File.WriteAllText(project, File.ReadAllText(project).Replace("</Project>", xml + "</Project>", StringComparison.Ordinal));
        File.WriteAllText(Path.Combine(directory, "appsettings.json"), Assert.Single(Readme.Blocks("json", text)));
        File.WriteAllText(Path.Combine(directory, "Program.cs"), Assert.Single(Readme.Blocks("csharp", text)));

        var publishLines = CommandLines(shell[1]).ToList();
        Assert.Equal(2, publishLines.Count);
        var publishWords = Readme.Words(publishLines[0]);
        var publish = await ProcessRunner.RunAsync(publishWords[0], publishWords[1..], directory, timeout: TimeSpan.FromMinutes(15));
        Assert.True(publish.ExitCode == 0, publishLines[0] + "\n" + publish.Describe());
        var warnings = publish.StandardOutput.Split('\n').Where(l => TrimOrAotWarning().IsMatch(l)).Distinct().ToList();
        Assert.True(warnings.Count == 0, "trim/AOT warnings:\n" + string.Join('\n', warnings));
        Assert.Contains($"/{framework}/", File.ReadAllText(Path.Combine(directory, "obj", "project.assets.json")).Replace('\\', '/'), StringComparison.Ordinal);

        var binary = Path.GetFullPath(Path.Combine(directory, publishLines[1]));
        Assert.True(File.Exists(binary), "no native binary at " + binary);
        Assert.False(File.Exists(Path.ChangeExtension(binary, ".dll")), "the publish folder holds IL, not a native binary");
        var run = await ProcessRunner.RunAsync(
            binary,
            [],
            directory,
            new Dictionary<string, string?> { ["AWS_LAMBDA_FUNCTION_NAME"] = null, ["POWERTOOLS_SERVICE_NAME"] = null, ["POWERTOOLS_METRICS_NAMESPACE"] = null, ["AWS_EMF_AGENT_ENDPOINT"] = null },
            TimeSpan.FromMinutes(2));
        Assert.True(run.ExitCode == 0, "the program's flush did not finish, or it failed\n" + run.Describe());

        var output = EmittedOutput.Parse(run.StandardOutput);
        Assert.Contains(output.Logs, l => l.GetProperty("message").GetString() == "Order 42 placed" && l.GetProperty("service").GetString() == "orders");
        Assert.Contains(output.Emf, d => d.TryGetProperty("OrdersPlaced", out _)
            && d.GetProperty("_aws").GetProperty("CloudWatchMetrics")[0].GetProperty("Namespace").GetString() == "Shop/Orders");
    }

    private static IEnumerable<string> CommandLines(string block) =>
        block.Split('\n').Select(l => l.Split('#')[0].Trim()).Where(l => l.Length > 0);

    // Runs one README line in the way a shell would; "cd" changes the directory of the next lines.
    private static async Task<string> RunAsync(string command, string directory)
    {
        var words = Readme.Words(command);
        if (words[0] == "cd")
        {
            return Path.Combine(directory, words[1]);
        }

        var result = await ProcessRunner.RunAsync(words[0], words[1..], directory, timeout: TimeSpan.FromMinutes(5));
        Assert.True(result.ExitCode == 0, command + "\n" + result.Describe());
        return directory;
    }

    /// <summary>Every trim and AOT analysis warning (IL2xxx, IL3xxx), from our packages or from their dependencies.</summary>
    [GeneratedRegex(@"warning IL[23]\d{3}")]
    private static partial Regex TrimOrAotWarning();
}
