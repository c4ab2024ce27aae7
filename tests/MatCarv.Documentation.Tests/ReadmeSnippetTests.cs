namespace MatCarv.Documentation.Tests;

/// <summary>
/// Every ```csharp block of README.md compiles as shown (conventions: SnippetContext/README.md), and every relative link
/// of the README points at a file of the repository.
/// </summary>
public sealed class ReadmeSnippetTests
{
    private static readonly string Readme = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "README.md"));

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
        var errors = SnippetCompiler.Errors(snippet, $"README.md#snippet{index + 1}.cs");
        Assert.True(errors.Count == 0, $"README.md snippet {index + 1} does not compile:\n{string.Join('\n', errors)}\n--- snippet ---\n{snippet}");
    }

    [Fact]
    public void Every_relative_link_of_the_readme_points_at_a_file_of_the_repository()
    {
        var root = Markdown.RepositoryRoot();
        var broken = Markdown.LinkTargets(Readme)
            .Where(t => !t.Contains("://", StringComparison.Ordinal) && !t.StartsWith('#') && !t.StartsWith("mailto:", StringComparison.Ordinal))
            .Select(t => t.Split('#')[0])
            .Where(t => !File.Exists(Path.Combine(root, t)) && !Directory.Exists(Path.Combine(root, t)))
            .ToList();
        Assert.True(broken.Count == 0, "broken links in README.md: " + string.Join(", ", broken));
    }

    private static List<string> CSharpBlocks() => Markdown.CSharpBlocks(Readme);
}
