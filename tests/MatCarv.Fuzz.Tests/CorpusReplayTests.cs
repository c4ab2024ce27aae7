using MatCarv.Fuzz;

namespace MatCarv.Fuzz.Tests;

/// <summary>
/// Every seed of <c>fuzz/corpus/TARGET</c> and every input a fuzzing run found (<c>fuzz/findings/TARGET</c>, kept after the
/// fix) goes through its target once: each must keep the SDK's outcome rule (the target throws otherwise).
/// </summary>
public sealed class CorpusReplayTests
{
    public static TheoryData<string> Targets() => [.. FuzzTargets.All.Select(t => t.Name)];

    [Theory]
    [MemberData(nameof(Targets))]
    public void Every_seed_and_finding_keeps_the_outcome_rule(string name)
    {
        var target = FuzzTargets.All.Single(t => t.Name == name);
        var files = new[] { "corpus", "findings" }
            .Select(folder => Path.Combine(AppContext.BaseDirectory, folder, name))
            .Where(Directory.Exists)
            .SelectMany(d => Directory.EnumerateFiles(d))
            .Order(StringComparer.Ordinal)
            .ToList();
        Assert.True(files.Count >= 5, $"{files.Count} seeds for {name}: each target has a committed corpus");
        foreach (var file in files)
        {
            var exception = Record.Exception(() => target.Run(File.ReadAllBytes(file)));
            Assert.True(exception is null, $"{Path.GetFileName(file)}: {exception}");
        }
    }

    [Fact]
    public void Every_target_has_a_corpus_folder_and_the_names_are_unique()
    {
        var names = FuzzTargets.All.Select(t => t.Name).ToList();
        Assert.Equal(names.Count, names.Distinct(StringComparer.Ordinal).Count());
        Assert.All(names, n => Assert.True(Directory.Exists(Path.Combine(AppContext.BaseDirectory, "corpus", n)), n));
    }
}
