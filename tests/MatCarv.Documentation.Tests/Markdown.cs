using System.Text.RegularExpressions;

namespace MatCarv.Documentation.Tests;

/// <summary>The parts of a Markdown document the documentation tests check: C# blocks and link targets.</summary>
internal static partial class Markdown
{
    public static List<string> CSharpBlocks(string markdown) =>
        FencedCSharp().Matches(markdown).Select(m => m.Groups["body"].Value).ToList();

    public static List<string> LinkTargets(string markdown) =>
        MarkdownLink().Matches(markdown).Select(m => m.Groups["target"].Value).ToList();

    /// <summary>The repository's root (the directory holding MatCarv.Sdk.sln) above the test's output directory.</summary>
    public static string RepositoryRoot()
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
