using System.Collections.Immutable;
using System.Globalization;
using MatCarv.Analyzers.Rules.Security;
using MatCarv.Analyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Xunit.Abstractions;

namespace MatCarv.Analyzers.Tests.Corpus;

/// <summary>
/// Precision and recall of the five secret rules on the labelled corpus. A positive counts as found only when its own rule
/// fires; any other secret diagnostic on a snippet is a false positive.
/// </summary>
public class SecretCorpusTests
{
    private readonly ITestOutputHelper _output;

    public SecretCorpusTests(ITestOutputHelper output) => _output = output;

    [Fact]
    public async Task Secret_rules_reach_95_percent_precision_and_recall_on_the_labelled_corpus()
    {
        var cases = SecretCorpus.Cases.Concat(SecretCorpusHeldOut.Cases).ToArray();
        var trees = new List<SyntaxTree>
        {
            CSharpSyntaxTree.ParseText(Stubs.Source, path: "Stubs.cs"),
            CSharpSyntaxTree.ParseText(SecretCorpus.ExtraStubs, path: "CorpusStubs.cs"),
        };
        for (var i = 0; i < cases.Length; i++)
        {
            trees.Add(CSharpSyntaxTree.ParseText($"#nullable enable\nclass Case{i}\n{{\n{cases[i].Members}\n}}\n", path: $"Case{i}.cs"));
        }

        var compilation = CSharpCompilation.Create(
            "Corpus",
            trees,
            Basic.Reference.Assemblies.Net80.References.All,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        var errors = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        Assert.True(errors.Count == 0, string.Join("\n", errors));

        var analyzers = ImmutableArray.Create<DiagnosticAnalyzer>(
            new HardcodedAwsCredentialAnalyzer(), new HardcodedSecretFormatAnalyzer(), new HardcodedPasswordAnalyzer(),
            new CredentialInConnectionStringAnalyzer(), new SecretFromEnvironmentAnalyzer());
        var diagnostics = await compilation.WithAnalyzers(analyzers).GetAnalyzerDiagnosticsAsync();

        var byCase = diagnostics
            .GroupBy(d => d.Location.SourceTree!.FilePath)
            .ToDictionary(g => g.Key, g => g.Select(d => d.Id).ToHashSet());
        int tp = 0, fp = 0, fn = 0, tn = 0;
        var perRule = new SortedDictionary<string, (int Tp, int Fp, int Fn)>();
        var misses = new List<string>();
        for (var i = 0; i < cases.Length; i++)
        {
            var reported = byCase.TryGetValue($"Case{i}.cs", out var ids) ? ids : new HashSet<string>();
            var expected = cases[i].ExpectedRule;
            foreach (var id in reported.Where(id => id != expected))
            {
                fp++;
                Bump(perRule, id, fp: 1);
                misses.Add($"FP {id} on case {i}: {cases[i].Members.Trim()}");
            }

            if (expected is null)
            {
                tn += reported.Count == 0 ? 1 : 0;
            }
            else if (reported.Contains(expected))
            {
                tp++;
                Bump(perRule, expected, tp: 1);
            }
            else
            {
                fn++;
                Bump(perRule, expected, fn: 1);
                misses.Add($"FN {expected} on case {i}: {cases[i].Members.Trim()}");
            }
        }

        var precision = tp / (double)(tp + fp);
        var recall = tp / (double)(tp + fn);
        _output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"cases {cases.Length} (positives {cases.Count(c => c.ExpectedRule is not null)}, negatives {cases.Count(c => c.ExpectedRule is null)})"));
        _output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"TP {tp} FP {fp} FN {fn} TN {tn} precision {precision:F3} recall {recall:F3}"));
        foreach (var (rule, counts) in perRule)
        {
            _output.WriteLine($"{rule}: TP {counts.Tp} FP {counts.Fp} FN {counts.Fn}");
        }

        foreach (var miss in misses)
        {
            _output.WriteLine(miss);
        }

        Assert.True(precision >= 0.95 && recall >= 0.95, string.Create(CultureInfo.InvariantCulture, $"precision {precision:F3}, recall {recall:F3}\n{string.Join("\n", misses)}"));
    }

    private static void Bump(SortedDictionary<string, (int Tp, int Fp, int Fn)> perRule, string id, int tp = 0, int fp = 0, int fn = 0)
    {
        perRule.TryGetValue(id, out var c);
        perRule[id] = (c.Tp + tp, c.Fp + fp, c.Fn + fn);
    }
}
