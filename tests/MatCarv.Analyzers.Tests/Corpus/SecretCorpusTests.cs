using System.Globalization;
using MatCarv.Analyzers.Tests.Corpus.Scoring;
using Xunit.Abstractions;

namespace MatCarv.Analyzers.Tests.Corpus;

/// <summary>
/// Precision and recall of the secret rules (MCV1001–MCV1005) on the labelled corpus, per split. The format of the corpus,
/// its labelling policy and how to read the report are in Corpus/README.md. Slow: each split compiles several projects
/// against some 400 reference assemblies (10–20 s on the 2-core machine).
/// </summary>
[Trait("Category", "Slow")]
public class SecretCorpusTests(ITestOutputHelper output)
{
    private static readonly Lazy<Task<SplitScore>> Development = new(() => CorpusScorer.ScoreAsync(CorpusSplit.Development));
    private static readonly Lazy<Task<SplitScore>> HeldOut = new(() => CorpusScorer.ScoreAsync(CorpusSplit.HeldOut));

    [Fact]
    public async Task Development_split_stays_above_its_floor()
    {
        var score = await Development.Value;
        output.WriteLine(score.Report());
        Assert.Empty(score.Problems);

        var failures = new List<string>();
        Check(failures, "MCV1001-MCV1004 precision", score.Secrets.Precision, CorpusThresholds.DevelopmentSecretsPrecisionFloor);
        Check(failures, "MCV1001-MCV1004 recall", score.Secrets.Recall, CorpusThresholds.DevelopmentSecretsRecallFloor);
        Check(failures, "MCV1005 precision", score.Environment.Precision, CorpusThresholds.DevelopmentEnvironmentPrecisionFloor);
        Check(failures, "MCV1005 recall", score.Environment.Recall, CorpusThresholds.DevelopmentEnvironmentRecallFloor);
        if (score.Duplicates > CorpusThresholds.DevelopmentMaxDuplicates)
        {
            failures.Add($"{score.Duplicates} secrets reported more than once (at most {CorpusThresholds.DevelopmentMaxDuplicates})");
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures) + "\n" + score.Report());
    }

    [Fact]
    public async Task Held_out_split_reaches_the_issue_13_targets_once_enforced_and_never_falls_below_its_floor()
    {
        var score = await HeldOut.Value;
        output.WriteLine(score.Report());
        Assert.Empty(score.Problems);

        var failures = new List<string>();
        Check(failures, "MCV1001-MCV1004 precision", score.Secrets.Precision, CorpusThresholds.TargetPrecision);
        Check(failures, "MCV1001-MCV1004 recall", score.Secrets.Recall, CorpusThresholds.TargetRecall);
        Check(failures, "MCV1005 precision", score.Environment.Precision, CorpusThresholds.TargetPrecision);
        Check(failures, "MCV1005 recall", score.Environment.Recall, CorpusThresholds.TargetRecall);
        if (score.Duplicates > 0)
        {
            failures.Add($"{score.Duplicates} secrets reported more than once");
        }

        if (!CorpusThresholds.HeldOutTargetsEnforced)
        {
            output.WriteLine($"HELD-OUT TARGETS NOT ENFORCED (CorpusThresholds.HeldOutTargetsEnforced = false); {failures.Count} target(s) missed:");
            failures.ForEach(output.WriteLine);

            // Until the targets hold, the measured figures are a floor: the held-out split must not get worse.
            var regressions = new List<string>();
            Check(regressions, "MCV1001-MCV1004 precision", score.Secrets.Precision, CorpusThresholds.HeldOutSecretsPrecisionFloor);
            Check(regressions, "MCV1001-MCV1004 recall", score.Secrets.Recall, CorpusThresholds.HeldOutSecretsRecallFloor);
            Check(regressions, "MCV1005 precision", score.Environment.Precision, CorpusThresholds.HeldOutEnvironmentPrecisionFloor);
            Check(regressions, "MCV1005 recall", score.Environment.Recall, CorpusThresholds.HeldOutEnvironmentRecallFloor);
            if (score.Duplicates > CorpusThresholds.HeldOutMaxDuplicates)
            {
                regressions.Add($"{score.Duplicates} secrets reported more than once (at most {CorpusThresholds.HeldOutMaxDuplicates})");
            }

            Assert.True(regressions.Count == 0, "held-out split below its floor:\n" + string.Join("\n", regressions) + "\n" + score.Report());
            return;
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures) + "\n" + score.Report());
    }

    [Fact]
    public async Task Held_out_split_is_frozen_and_holds_at_least_30_percent_of_the_labelled_lines()
    {
        var digest = CorpusLoader.HeldOutDigest();
        Assert.True(digest == CorpusThresholds.HeldOutDigest, $"The held-out split changed after its freeze (digest {digest}). See CorpusThresholds.HeldOutDigest.");

        var heldOut = await HeldOut.Value;
        var development = await Development.Value;
        var total = heldOut.LabelledLines + development.LabelledLines;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"labelled lines: held-out {heldOut.LabelledLines}, development {development.LabelledLines}, share {heldOut.LabelledLines / (double)total:P1}"));
        Assert.True(heldOut.LabelledLines >= 0.30 * total, $"held-out {heldOut.LabelledLines} of {total} labelled lines");
        Assert.True(heldOut.SecretLines > 0 && heldOut.CleanLines > 0 && development.SecretLines > 0 && development.CleanLines > 0);
    }

    private static void Check(List<string> failures, string what, double value, double threshold)
    {
        if (value < threshold)
        {
            failures.Add(string.Create(CultureInfo.InvariantCulture, $"{what} {value:F3} < {threshold:F3}"));
        }
    }
}
