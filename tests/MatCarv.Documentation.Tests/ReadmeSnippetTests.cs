using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace MatCarv.Documentation.Tests;

/// <summary>
/// Every ```csharp block of README.md compiles as shown (conventions: SnippetContext/README.md), and every relative link
/// of the README points at a file of the repository.
/// </summary>
public sealed partial class ReadmeSnippetTests
{
    /// <summary>The global usings of an SDK-style web project (ImplicitUsings=enable with Microsoft.NET.Sdk.Web).</summary>
    private const string ImplicitUsings = """
        global using System;
        global using System.Collections.Generic;
        global using System.IO;
        global using System.Linq;
        global using System.Net.Http;
        global using System.Threading;
        global using System.Threading.Tasks;
        """;

    private static readonly string Readme = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "README.md"));

    private static readonly Lazy<IReadOnlyList<MetadataReference>> References = new(() =>
        ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Where(p => p.EndsWith(".dll", StringComparison.Ordinal))
            .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))
            .ToList());

    public static TheoryData<int> Snippets()
    {
        var data = new TheoryData<int>();
        for (var i = 0; i < CSharpBlocks().Count; i++)
        {
            data.Add(i);
        }

        return data;
    }

    [Fact]
    public void The_readme_has_csharp_snippets()
    {
        Assert.True(CSharpBlocks().Count >= 2, "no ```csharp blocks found in README.md");
    }

    [Theory]
    [MemberData(nameof(Snippets))]
    public void Readme_snippet_compiles_as_shown(int index)
    {
        var snippet = CSharpBlocks()[index];
        var parse = new CSharpParseOptions(LanguageVersion.Latest);
        var trees = new List<SyntaxTree>
        {
            CSharpSyntaxTree.ParseText(snippet, parse, path: $"README.md#snippet{index + 1}.cs"),
            CSharpSyntaxTree.ParseText(ImplicitUsings, parse, path: "ImplicitUsings.cs"),
        };
        trees.AddRange(Directory.EnumerateFiles(Path.Combine(AppContext.BaseDirectory, "SnippetContext"), "*.cs")
            .Select(f => CSharpSyntaxTree.ParseText(File.ReadAllText(f), parse, path: Path.GetFileName(f))));
        var isProgram = trees[0].GetCompilationUnitRoot().Members.OfType<Microsoft.CodeAnalysis.CSharp.Syntax.GlobalStatementSyntax>().Any();
        var compilation = CSharpCompilation.Create(
            "ReadmeSnippet" + index,
            trees,
            References.Value,
            new CSharpCompilationOptions(isProgram ? OutputKind.ConsoleApplication : OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));

        using var output = new MemoryStream();
        var result = compilation.Emit(output);

        var errors = result.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).Select(d => d.ToString()).ToList();
        Assert.True(result.Success, $"README.md snippet {index + 1} does not compile:\n{string.Join('\n', errors)}\n--- snippet ---\n{snippet}");
    }

    [Fact]
    public void Every_relative_link_of_the_readme_points_at_a_file_of_the_repository()
    {
        var root = RepositoryRoot();
        var broken = MarkdownLink().Matches(Readme)
            .Select(m => m.Groups["target"].Value)
            .Where(t => !t.Contains("://", StringComparison.Ordinal) && !t.StartsWith('#') && !t.StartsWith("mailto:", StringComparison.Ordinal))
            .Select(t => t.Split('#')[0])
            .Where(t => !File.Exists(Path.Combine(root, t)) && !Directory.Exists(Path.Combine(root, t)))
            .ToList();
        Assert.True(broken.Count == 0, "broken links in README.md: " + string.Join(", ", broken));
    }

    private static List<string> CSharpBlocks() =>
        FencedCSharp().Matches(Readme).Select(m => m.Groups["body"].Value).ToList();

    private static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "MatCarv.Sdk.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("MatCarv.Sdk.sln not found above " + AppContext.BaseDirectory);
    }

    [GeneratedRegex(@"^```csharp\n(?<body>.*?)^```", RegexOptions.Multiline | RegexOptions.Singleline)]
    private static partial Regex FencedCSharp();

    [GeneratedRegex(@"\]\((?<target>[^)\s]+)\)")]
    private static partial Regex MarkdownLink();
}
