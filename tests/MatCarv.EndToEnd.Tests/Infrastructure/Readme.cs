using System.Text.RegularExpressions;
using MatCarv.Testing;

namespace MatCarv.EndToEnd.Tests.Infrastructure;

/// <summary>The repository's README.md, read the way a user reads it: its fenced code blocks.</summary>
internal static partial class Readme
{
    public static string Text => File.ReadAllText(Path.Combine(RepositoryRoot.Path, "README.md"));

    /// <summary>The fenced blocks of one language (```bash, ```csharp, ```json…), in order.</summary>
    public static IReadOnlyList<string> Blocks(string language) => Blocks(language, Text);

    /// <summary>The fenced blocks of one language in <paramref name="text"/> (a <see cref="Section"/>), in order.</summary>
    public static IReadOnlyList<string> Blocks(string language, string text) =>
        FencedBlock().Matches(text).Where(m => m.Groups["lang"].Value == language).Select(m => m.Groups["body"].Value).ToList();

    /// <summary>One <c>## </c> section: from the heading that starts with <paramref name="heading"/> to the next one.</summary>
    public static string Section(string heading)
    {
        var text = Text;
        var start = text.IndexOf("\n" + heading, StringComparison.Ordinal);
        Assert.True(start >= 0, $"README.md has no section '{heading}'");
        var end = text.IndexOf("\n## ", start + 1, StringComparison.Ordinal);
        return text[(start + 1)..(end < 0 ? text.Length : end + 1)];
    }

    /// <summary>The one shell command line of a ```bash block that starts with the given words.</summary>
    public static string Command(string startingWith)
    {
        var lines = Blocks("bash").SelectMany(b => b.Split('\n')).Select(l => l.Trim()).Where(l => l.StartsWith(startingWith, StringComparison.Ordinal)).ToList();
        Assert.True(lines.Count == 1, $"README.md should show exactly one command starting with '{startingWith}', found {lines.Count}");
        return lines[0];
    }

    /// <summary>Splits a command line the way a POSIX shell does for the plain words the README uses (no quotes).</summary>
    public static string[] Words(string command)
    {
        Assert.DoesNotMatch("[\"'$`|&;<>]", command);
        return command.Split(' ', StringSplitOptions.RemoveEmptyEntries);
    }

    [GeneratedRegex(@"^```(?<lang>[a-z]*)\n(?<body>.*?)^```", RegexOptions.Multiline | RegexOptions.Singleline)]
    private static partial Regex FencedBlock();
}
