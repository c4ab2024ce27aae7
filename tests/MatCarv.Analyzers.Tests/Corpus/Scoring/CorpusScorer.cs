using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;

namespace MatCarv.Analyzers.Tests.Corpus.Scoring;

/// <summary>
/// Compiles each corpus project, runs every analyzer of MatCarv.Analyzers with default settings, and matches the secret
/// rules' diagnostics (MCV1001–MCV1005) against the labels:
/// <list type="bullet">
/// <item>a diagnostic on a line of a finding whose rules include its id matches the finding (a true positive), once;</item>
/// <item>a further diagnostic on a finding that is already matched is a duplicate: the same secret reported twice;</item>
/// <item>a diagnostic anywhere else (a clean look-alike, an unlabelled line, a finding of another rule) is a false positive;</item>
/// <item>a finding no diagnostic matched is a false negative.</item>
/// </list>
/// </summary>
internal static class CorpusScorer
{
    private static readonly string[] ImplicitUsings =
    [
        // What Microsoft.NET.Sdk.Web puts in every project (ImplicitUsings=enable).
        "System", "System.Collections.Generic", "System.IO", "System.Linq", "System.Net.Http", "System.Net.Http.Json", "System.Threading",
        "System.Threading.Tasks", "Microsoft.AspNetCore.Builder", "Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Http",
        "Microsoft.AspNetCore.Routing", "Microsoft.Extensions.Configuration", "Microsoft.Extensions.DependencyInjection",
        "Microsoft.Extensions.Hosting", "Microsoft.Extensions.Logging",
    ];

    public static async Task<SplitScore> ScoreAsync(CorpusSplit split)
    {
        var score = new SplitScore(split);
        var compiled = new Dictionary<string, CSharpCompilation>(StringComparer.Ordinal);

        // "X.Tests" references "X" (as a test project references the project it tests): compile X first.
        foreach (var project in CorpusLoader.Load(split).OrderBy(p => p.Name.EndsWith(".Tests", StringComparison.Ordinal)).ThenBy(p => p.Name, StringComparer.Ordinal))
        {
            var tested = project.Name.EndsWith(".Tests", StringComparison.Ordinal) ? compiled.GetValueOrDefault(project.Name[..^".Tests".Length]) : null;
            compiled[project.Name] = await ScoreProjectAsync(project, tested, score);
        }

        return score;
    }

    private static async Task<CSharpCompilation> ScoreProjectAsync(CorpusProject project, CSharpCompilation? tested, SplitScore score)
    {
        var parseOptions = new CSharpParseOptions(LanguageVersion.Latest);
        var trees = project.Sources.Select(s => CSharpSyntaxTree.ParseText(s.Text, parseOptions, path: s.Path)).ToList();
        if (project.Kind != ProjectKind.Snippets)
        {
            trees.Add(CSharpSyntaxTree.ParseText(string.Concat(ImplicitUsings.Select(u => $"global using global::{u};\n")), parseOptions, path: "GlobalUsings.g.cs"));
        }

        var findings = new List<CorpusFinding>();
        var clean = new HashSet<(string File, int Line)>();
        ReadLabels(project, trees, findings, clean, score);

        var executable = trees.Any(t => t.GetRoot().ChildNodes().OfType<GlobalStatementSyntax>().Any());
        var compilation = CSharpCompilation.Create(
            project.Name,
            trees,
            tested is null ? CorpusReferences.For(project.Kind) : [.. CorpusReferences.For(project.Kind), tested.ToMetadataReference()],
            new CSharpCompilationOptions(executable ? OutputKind.ConsoleApplication : OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        foreach (var error in compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error))
        {
            score.Problems.Add($"{project.Name}: compile error {error}");
        }

        var diagnostics = await compilation.WithAnalyzers(Analyzers()).GetAnalyzerDiagnosticsAsync();
        var secretDiagnostics = diagnostics
            .Where(d => CorpusLabel.SecretRules.Contains(d.Id) && d.Location.IsInSource)
            .Select(d => (d.Id, File: d.Location.SourceTree!.FilePath, Line: d.Location.GetLineSpan().StartLinePosition.Line, Message: d.GetMessage(System.Globalization.CultureInfo.InvariantCulture)))
            .OrderBy(d => d.File, StringComparer.Ordinal).ThenBy(d => d.Line).ThenBy(d => d.Id, StringComparer.Ordinal)
            .ToList();

        var byLine = findings.SelectMany(f => f.Lines.Select(l => (l, f))).ToLookup(x => x.l, x => x.f);
        var matched = new HashSet<CorpusFinding>();
        var leftovers = new List<(string Id, string File, int Line, string Message)>();

        // First every diagnostic that one of its line's findings expects, so that a stray report of another rule on the
        // same line cannot take a finding's place; what is left is a duplicate or a false positive.
        foreach (var d in secretDiagnostics)
        {
            var finding = byLine[(d.File, d.Line)].FirstOrDefault(f => !matched.Contains(f) && f.Rules.Contains(d.Id));
            if (finding is null)
            {
                leftovers.Add(d);
                continue;
            }

            matched.Add(finding);
            score.AddTruePositive(d.Id);
        }

        foreach (var d in leftovers)
        {
            var onLine = byLine[(d.File, d.Line)].ToList();
            var where = $"{d.File}:{d.Line + 1}  {LineText(trees, d.File, d.Line)}";
            if (onLine.Any(matched.Contains))
            {
                score.AddDuplicate(d.Id, where);
            }
            else
            {
                var kind = onLine.Count > 0 ? "reported by the wrong rule" : clean.Contains((d.File, d.Line)) ? "clean look-alike" : "unlabelled line";
                score.AddFalsePositive(d.Id, $"{where}  [{kind}: {d.Message}]");
            }
        }

        foreach (var finding in findings.Where(f => !matched.Contains(f)))
        {
            score.AddFalseNegative(finding);
        }

        foreach (var finding in findings.Where(matched.Contains))
        {
            score.AddFound(finding);
        }

        return compilation;
    }

    private static void ReadLabels(CorpusProject project, List<SyntaxTree> trees, List<CorpusFinding> findings, HashSet<(string File, int Line)> clean, SplitScore score)
    {
        var named = new Dictionary<string, List<CorpusFinding>>(StringComparer.Ordinal);
        var joins = new List<(string Name, string File, int Line)>();
        foreach (var tree in trees.Where(t => t.FilePath.StartsWith(project.Split.ToString() + "/", StringComparison.Ordinal)))
        {
            var text = tree.GetText();
            foreach (var trivia in tree.GetRoot().DescendantTrivia().Where(t => t.IsKind(SyntaxKind.SingleLineCommentTrivia)))
            {
                CorpusLabel? label;
                try
                {
                    label = CorpusLabel.TryParse(trivia.ToString());
                }
                catch (FormatException e)
                {
                    score.Problems.Add($"{tree.FilePath}: {e.Message}");
                    continue;
                }

                if (label is null)
                {
                    continue;
                }

                var line = text.Lines.GetLinePosition(trivia.SpanStart).Line;
                var code = text.ToString(Microsoft.CodeAnalysis.Text.TextSpan.FromBounds(text.Lines[line].Start, trivia.SpanStart)).Trim();
                if (code.Length == 0)
                {
                    score.Problems.Add($"{tree.FilePath}:{line + 1}: a label must follow code on its own line");
                    continue;
                }

                // A label covers its line, the next ExtraLines lines, and every line of a multi-line token on its line (a raw
                // or verbatim string literal cannot hold a comment, so its label sits on the line where it ends or starts).
                var covered = Enumerable.Range(line, label.ExtraLines + 1).ToHashSet();
                foreach (var token in tree.GetRoot().DescendantTokens(text.Lines[line].Span))
                {
                    var span = token.GetLocation().GetLineSpan();
                    covered.UnionWith(Enumerable.Range(span.StartLinePosition.Line, span.EndLinePosition.Line - span.StartLinePosition.Line + 1));
                }

                switch (label.Kind)
                {
                    case LabelKind.Clean:
                        score.CountLabelledLine(clean: true);
                        foreach (var l in covered)
                        {
                            clean.Add((tree.FilePath, l));
                        }

                        break;
                    case LabelKind.Same:
                        joins.AddRange(label.Names.Select(name => (name, tree.FilePath, line)));
                        break;
                    default:
                        score.CountLabelledLine(clean: false);
                        foreach (var rules in label.Findings)
                        {
                            var finding = new CorpusFinding(tree.FilePath, line, rules, code);
                            foreach (var l in covered)
                            {
                                finding.Cover(tree.FilePath, l);
                            }

                            findings.Add(finding);
                            foreach (var name in label.Names)
                            {
                                if (!named.TryGetValue(name, out var list))
                                {
                                    named[name] = list = [];
                                }

                                list.Add(finding);
                            }
                        }

                        break;
                }
            }
        }

        foreach (var (name, file, line) in joins)
        {
            if (!named.TryGetValue(name, out var list))
            {
                score.Problems.Add($"{file}:{line + 1}: same({name}) names no secret({name}) label in project {project.Name}");
                continue;
            }

            foreach (var finding in list)
            {
                finding.Cover(file, line);
            }
        }
    }

    private static ImmutableArray<DiagnosticAnalyzer> Analyzers() =>
        [.. typeof(RuleIdentifiers).Assembly.GetTypes()
            .Where(t => !t.IsAbstract && typeof(DiagnosticAnalyzer).IsAssignableFrom(t) && t.GetCustomAttributes(typeof(DiagnosticAnalyzerAttribute), false).Length > 0)
            .OrderBy(t => t.FullName, StringComparer.Ordinal)
            .Select(t => (DiagnosticAnalyzer)Activator.CreateInstance(t)!)];

    private static string LineText(List<SyntaxTree> trees, string file, int line)
    {
        var tree = trees.FirstOrDefault(t => t.FilePath == file);
        return tree is null ? string.Empty : tree.GetText().Lines[line].ToString().Trim();
    }
}
