using System.Text.RegularExpressions;
using MatCarv.EndToEnd.Tests.Infrastructure;
using MatCarv.Testing;

namespace MatCarv.EndToEnd.Tests;

/// <summary>Commands the README gives, run exactly as written from a copy of the repository.</summary>
[Trait("Category", "Slow")]
public sealed partial class ReadmeCommandTests
{
    [Fact]
    public async Task Readme_native_aot_publish_of_the_lambda_sample_works_as_written_with_zero_trim_or_aot_warnings()
    {
        var command = Readme.Command("dotnet publish samples/MatCarv.Samples.LambdaFunction");
        Assert.Contains("-p:PublishAot=true", command, StringComparison.Ordinal);
        using var repository = await RepositoryCopy.CreateAsync();
        var words = Readme.Words(command);

        var publish = await ProcessRunner.RunAsync(words[0], words[1..], repository.Path, timeout: TimeSpan.FromMinutes(15));

        Assert.True(publish.ExitCode == 0, command + "\n" + publish.Describe());
        var warnings = publish.StandardOutput.Split('\n').Where(l => TrimOrAotWarning().IsMatch(l)).Distinct().ToList();
        Assert.True(warnings.Count == 0, "trim/AOT warnings:\n" + string.Join('\n', warnings));

        // The native binary runs and emits every signal (the same checks as the JIT run of the sample).
        var binary = Path.Combine(repository.Path, "samples", "MatCarv.Samples.LambdaFunction", "bin", "Release", "net10.0", "linux-x64", "publish", "MatCarv.Samples.LambdaFunction");
        Assert.True(File.Exists(binary), "no native binary at " + binary + "\n" + publish.Describe());
        Assert.False(File.Exists(Path.ChangeExtension(binary, ".dll")), "the publish folder holds IL, not a native binary");
        using var daemon = new UdpCollector();
        using var eventBridge = new PutEventsCollector();
        var run = await ProcessRunner.RunAsync(binary, [], repository.Path, LambdaSampleTests.SampleEnvironment(daemon, eventBridge), TimeSpan.FromMinutes(2));
        Assert.True(run.ExitCode == 0, run.Describe());
        await Task.Delay(300);
        LambdaSampleTests.AssertLambdaSignals(run.StandardOutput, daemon, eventBridge);
    }

    /// <summary>Every trim and AOT analysis warning (IL2xxx, IL3xxx), from our code or from dependencies.</summary>
    [GeneratedRegex(@"warning IL[23]\d{3}")]
    private static partial Regex TrimOrAotWarning();
}
