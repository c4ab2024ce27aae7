namespace MatCarv.Analyzers.Tests.Corpus.Scoring;

/// <summary>
/// One secret the corpus says is there: the rules that may report it (the first owns it for per-rule recall) and the lines
/// where a report counts (its own line, the lines of a multi-line literal, and lines joined to it with <c>same(name)</c>).
/// </summary>
internal sealed class CorpusFinding(string file, int line, IReadOnlyList<string> rules, string text)
{
    private readonly HashSet<(string File, int Line)> _lines = [(file, line)];

    public string File { get; } = file;

    /// <summary>Zero-based line of the label.</summary>
    public int Line { get; } = line;

    public IReadOnlyList<string> Rules { get; } = rules;

    public string Owner => Rules[0];

    /// <summary>The labelled source line, for the report.</summary>
    public string Text { get; } = text;

    public IReadOnlyCollection<(string File, int Line)> Lines => _lines;

    public void Cover(string file, int line) => _lines.Add((file, line));

    public override string ToString() => $"{File}:{Line + 1}  {Text}";
}
