using MatCarv.EndToEnd.Tests.Infrastructure;
using MatCarv.Testing;

namespace MatCarv.EndToEnd.Tests;

/// <summary>Referencing MatCarv.Observability alone brings the analyzers into a real <c>dotnet build</c>.</summary>
[Collection(PackageFeedCollection.Name)]
[Trait("Category", "Slow")]
public sealed class AnalyzerPackageTests
{
    private readonly PackageFeed _feed;

    public AnalyzerPackageTests(PackageFeed feed) => _feed = feed;

    [Fact]
    public async Task Referencing_MatCarv_Observability_brings_the_analyzers_into_the_build()
    {
        var project = _feed.CreateConsumer("MatCarv.Samples.Worker", "Microsoft.NET.Sdk", ["MatCarv.Observability"]);

        // Replace the sample with code that breaks the standards: a hard-coded access key and a secret from the environment.
        foreach (var file in Directory.EnumerateFiles(project, "*.cs"))
        {
            File.Delete(file);
        }

        File.WriteAllText(Path.Combine(project, "Program.cs"), """
            using MatCarv.Observability.Lambda;
            using MatCarv.Observability.Metrics;

            var accessKeyId = "AKIAQWERTYUIOPASDFGH";
            var password = System.Environment.GetEnvironmentVariable("DB_PASSWORD");
            using var telemetry = MatCarvLambda.Create();
            foreach (var customer in args)
            {
                telemetry.Metrics.AddMetric("orders_" + customer, 1, MetricUnit.Count);
            }

            return accessKeyId.Length + (password?.Length ?? 0);
            """);
        var build = await ProcessRunner.RunAsync("dotnet", ["build", "-c", "Release"], project);

        Assert.NotEqual(0, build.ExitCode);
        Assert.Contains("error MCV1001", build.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("warning MCV1005", build.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("warning MCV2004", build.StandardOutput, StringComparison.Ordinal); // against the real IMetrics
    }
}
