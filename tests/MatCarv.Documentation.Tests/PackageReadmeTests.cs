namespace MatCarv.Documentation.Tests;

/// <summary>
/// Each package's own README (src/&lt;project&gt;/README.md, shown on its package page): every ```csharp block compiles as
/// shown, every link is absolute (a package page has no repository to resolve a relative link against), and every link
/// into this repository names a file or folder that exists.
/// </summary>
public sealed class PackageReadmeTests
{
    /// <summary>The repository as package pages link to it; src/Directory.Build.props sets the same URL.</summary>
    private const string RepositoryBlob = "https://github.com/matcarv/matcarv-sdk/blob/main/";

    public static TheoryData<string> Packages()
    {
        var data = new TheoryData<string>();
        foreach (var project in PackableProjects())
        {
            data.Add(project);
        }

        return data;
    }

    public static TheoryData<string, int> Snippets()
    {
        var data = new TheoryData<string, int>();
        foreach (var project in PackableProjects())
        {
            var path = ReadmePath(project);
            var count = File.Exists(path) ? Markdown.CSharpBlocks(File.ReadAllText(path)).Count : 0;
            for (var i = 0; i < count; i++)
            {
                data.Add(project, i);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Packages))]
    public void Every_package_has_its_own_readme(string project)
    {
        Assert.True(File.Exists(ReadmePath(project)), $"src/{project}/README.md is missing: the package page would show the repository's README, whose relative links break there");
    }

    [Theory]
    [MemberData(nameof(Snippets))]
    public void Package_readme_snippet_compiles_as_shown(string project, int index)
    {
        var snippet = Markdown.CSharpBlocks(File.ReadAllText(ReadmePath(project)))[index];
        var errors = SnippetCompiler.Errors(snippet, $"{project}/README.md#snippet{index + 1}.cs");
        Assert.True(errors.Count == 0, $"{project} README snippet {index + 1} does not compile:\n{string.Join('\n', errors)}\n--- snippet ---\n{snippet}");
    }

    [Theory]
    [MemberData(nameof(Packages))]
    public void Package_readme_links_are_absolute_and_resolve(string project)
    {
        var root = Markdown.RepositoryRoot();
        var problems = new List<string>();
        foreach (var target in Markdown.LinkTargets(File.ReadAllText(ReadmePath(project))))
        {
            if (!target.StartsWith("https://", StringComparison.Ordinal))
            {
                problems.Add(target + " (not absolute)");
                continue;
            }

            if (target.StartsWith(RepositoryBlob, StringComparison.Ordinal))
            {
                var relative = target[RepositoryBlob.Length..].Split('#')[0];
                if (!File.Exists(Path.Combine(root, relative)) && !Directory.Exists(Path.Combine(root, relative)))
                {
                    problems.Add(target + " (no such file in the repository)");
                }
            }
        }

        Assert.True(problems.Count == 0, $"src/{project}/README.md: " + string.Join(", ", problems));
    }

    /// <summary>Every src project that packs (the ones that do not say IsPackable=false), read from the project files.</summary>
    private static IEnumerable<string> PackableProjects() =>
        Directory.EnumerateFiles(Path.Combine(Markdown.RepositoryRoot(), "src"), "*.csproj", SearchOption.AllDirectories)
            .Where(f => !File.ReadAllText(f).Contains("<IsPackable>false</IsPackable>", StringComparison.Ordinal))
            .Select(Path.GetFileNameWithoutExtension)
            .Select(n => n!)
            .Order(StringComparer.Ordinal);

    private static string ReadmePath(string project) => Path.Combine(Markdown.RepositoryRoot(), "src", project, "README.md");
}
