using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using MatCarv.Analyzers.Tests.Infrastructure;

namespace MatCarv.Analyzers.Tests.Corpus.Scoring;

/// <summary>
/// Reads the corpus: every folder Corpus/Sources/&lt;Split&gt;/&lt;Project&gt; is one compilation (copied next to the test
/// assembly by the project file), and the original snippet corpus (<see cref="SecretCorpus"/>,
/// <see cref="SecretCorpusSecondBatch"/>) is one more compilation of the development split, each snippet a class whose
/// whole text carries the snippet's label.
/// </summary>
internal static class CorpusLoader
{
    public static string SourcesRoot => Path.Combine(AppContext.BaseDirectory, "Corpus", "Sources");

    public static IReadOnlyList<CorpusProject> Load(CorpusSplit split)
    {
        var projects = new List<CorpusProject>();
        var splitRoot = Path.Combine(SourcesRoot, split.ToString());
        var projectDirs = Directory.Exists(splitRoot) ? Directory.GetDirectories(splitRoot) : [];
        foreach (var projectDir in projectDirs.Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileName(projectDir);
            var sources = Directory.GetFiles(projectDir, "*.cs", SearchOption.AllDirectories)
                .Order(StringComparer.Ordinal)
                .Select(f => (Path: $"{split}/{name}/{Path.GetRelativePath(projectDir, f).Replace('\\', '/')}", Text: Normalize(File.ReadAllText(f))))
                .ToList();

            // A project that uses a test framework must reference it: that is what the rules see of it.
            var kind = sources.Any(s => s.Text.Contains("using Xunit;", StringComparison.Ordinal) || s.Text.Contains("using NUnit.Framework;", StringComparison.Ordinal))
                ? ProjectKind.WithTestFrameworks
                : ProjectKind.Service;
            projects.Add(new CorpusProject(split, name, [.. sources, (CorpusStubs.FileName, CorpusStubs.Source)], kind));
        }

        if (split == CorpusSplit.Development)
        {
            projects.Add(Snippets());
        }

        return projects;
    }

    /// <summary>SHA-256 over the held-out files (path and text, line endings normalised): the fingerprint of the freeze.</summary>
    public static string HeldOutDigest()
    {
        var splitRoot = Path.Combine(SourcesRoot, nameof(CorpusSplit.HeldOut));
        var builder = new StringBuilder();
        foreach (var file in Directory.GetFiles(splitRoot, "*.cs", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(splitRoot, f).Replace('\\', '/')).Order(StringComparer.Ordinal))
        {
            builder.Append(file).Append('\n').Append(Normalize(File.ReadAllText(Path.Combine(splitRoot, file)))).Append('\n');
        }

        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(builder.ToString())));
    }

    private static CorpusProject Snippets()
    {
        var cases = SecretCorpus.Cases.Concat(SecretCorpusSecondBatch.Cases).ToArray();
        var sources = new List<(string, string)>
        {
            ("Stubs.cs", Stubs.Source),
            ("CorpusStubs.cs", SecretCorpus.ExtraStubs),
        };
        for (var i = 0; i < cases.Length; i++)
        {
            var members = Normalize(cases[i].Members).Trim('\n');
            var extent = members.Split('\n').Length + 2;
            var label = cases[i].ExpectedRule is { } rule ? $"secret: {rule}" : "clean";
            sources.Add(($"Development/Snippets/Case{i.ToString(CultureInfo.InvariantCulture)}.cs", $"#nullable enable\nclass Case{i.ToString(CultureInfo.InvariantCulture)} // {label} +{extent.ToString(CultureInfo.InvariantCulture)}\n{{\n{members}\n}}\n"));
        }

        return new CorpusProject(CorpusSplit.Development, "Snippets", sources, ProjectKind.Snippets);
    }

    private static string Normalize(string text) => text.Replace("\r\n", "\n", StringComparison.Ordinal);
}
