using MatCarv.EndToEnd.Tests.Infrastructure;
using MatCarv.Testing;

namespace MatCarv.EndToEnd.Tests;

/// <summary>The Lambda sample published with Native AOT from the packages: no trim/AOT warning, and the binary emits every signal.</summary>
[Collection(PackageFeedCollection.Name)]
[Trait("Category", "Slow")]
public sealed class NativeAotTests
{
    private readonly PackageFeed _feed;

    public NativeAotTests(PackageFeed feed) => _feed = feed;

    [Fact]
    public async Task Lambda_sample_publishes_with_native_aot_without_warnings_and_the_binary_emits_every_signal()
    {
        var project = _feed.CreateConsumer(
            "MatCarv.Samples.LambdaFunction",
            "Microsoft.NET.Sdk",
            ["MatCarv.Observability", "MatCarv.HealthEvents"],
            "<PublishAot>true</PublishAot><AssemblyName>bootstrap</AssemblyName>");
        var output = Path.Combine(project, "publish");
        var publish = await ProcessRunner.RunAsync("dotnet", ["publish", "-c", "Release", "-r", "linux-x64", "-o", output], project, timeout: TimeSpan.FromMinutes(10));
        Assert.True(publish.ExitCode == 0, publish.Describe());

        // Every trim and AOT analysis warning (IL2xxx, IL3xxx), from our packages or from their dependencies.
        var warnings = publish.StandardOutput.Split('\n').Where(l => System.Text.RegularExpressions.Regex.IsMatch(l, @"warning IL[23]\d{3}")).Distinct().ToList();
        Assert.True(warnings.Count == 0, "trim/AOT warnings:\n" + string.Join('\n', warnings));

        using var daemon = new UdpCollector();
        using var eventBridge = new PutEventsCollector();
        var binary = Path.Combine(output, "bootstrap");
        Assert.True(File.Exists(binary), "no native binary at " + binary);
        var run = await ProcessRunner.RunAsync(binary, [], project, LambdaSampleTests.SampleEnvironment(daemon, eventBridge), TimeSpan.FromMinutes(2));
        Assert.True(run.ExitCode == 0, run.Describe());
        await Task.Delay(300);

        LambdaSampleTests.AssertLambdaSignals(run.StandardOutput, daemon, eventBridge);
    }
}
