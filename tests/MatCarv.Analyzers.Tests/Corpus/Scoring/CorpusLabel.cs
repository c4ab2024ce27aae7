using System.Text.RegularExpressions;

namespace MatCarv.Analyzers.Tests.Corpus.Scoring;

/// <summary>
/// The label a corpus line carries in its trailing comment (grammar in Corpus/README.md):
/// <c>// secret: MCV1003</c>, <c>// secret: MCV1002|MCV1003</c> (any of these rules may report it; the first owns it),
/// <c>// secret: MCV1005, MCV1003|MCV1005</c> (two findings on one line), <c>// secret(name): …</c> and <c>// same(name)</c>
/// (further lines of the same finding: a constant and the sink that uses it; <c>same(a, b)</c> joins two), <c>+N</c> (the finding also covers the next N
/// lines, for multi-line literals), <c>// clean</c> (a look-alike that no rule may report), and <c>-- note</c> after any label.
/// </summary>
internal sealed partial record CorpusLabel(LabelKind Kind, IReadOnlyList<IReadOnlyList<string>> Findings, IReadOnlyList<string> Names, int ExtraLines)
{
    public static readonly IReadOnlyList<string> SecretRules = ["MCV1001", "MCV1002", "MCV1003", "MCV1004", "MCV1005"];

    /// <summary>Parses the text of a single-line comment; null when it is an ordinary comment, an exception when it looks like a label but is malformed.</summary>
    public static CorpusLabel? TryParse(string comment)
    {
        var text = comment.StartsWith("//", StringComparison.Ordinal) ? comment[2..].Trim() : comment.Trim();
        var noteAt = text.IndexOf(" -- ", StringComparison.Ordinal);
        var body = (noteAt >= 0 ? text[..noteAt] : text).Trim();

        if (body == "clean" || body.StartsWith("clean +", StringComparison.Ordinal))
        {
            return new CorpusLabel(LabelKind.Clean, [], [], ParseExtra(body["clean".Length..], comment));
        }

        var same = SameLabel().Match(body);
        if (same.Success)
        {
            return new CorpusLabel(LabelKind.Same, [], same.Groups["names"].Value.Split(',', StringSplitOptions.TrimEntries), 0);
        }

        if (!body.StartsWith("secret:", StringComparison.Ordinal) && !body.StartsWith("secret(", StringComparison.Ordinal))
        {
            return null;
        }

        var secret = SecretLabel().Match(body);
        if (!secret.Success)
        {
            throw new FormatException($"Malformed corpus label '{comment}'.");
        }

        var findings = new List<IReadOnlyList<string>>();
        foreach (var finding in secret.Groups["rules"].Value.Split(',', StringSplitOptions.TrimEntries))
        {
            var rules = finding.Split('|', StringSplitOptions.TrimEntries);
            if (rules.Any(r => !SecretRules.Contains(r)))
            {
                throw new FormatException($"Corpus label '{comment}' names a rule that is not a secret rule.");
            }

            findings.Add(rules);
        }

        string[] names = secret.Groups["name"].Success ? [secret.Groups["name"].Value] : [];
        return new CorpusLabel(LabelKind.Secret, findings, names, ParseExtra(secret.Groups["extra"].Value, comment));
    }

    private static int ParseExtra(string extra, string comment)
    {
        extra = extra.Trim();
        if (extra.Length == 0)
        {
            return 0;
        }

        if (extra[0] == '+' && int.TryParse(extra.AsSpan(1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var lines) && lines > 0)
        {
            return lines;
        }

        throw new FormatException($"Malformed line extent in corpus label '{comment}'.");
    }

    [GeneratedRegex(@"^same\((?<names>[A-Za-z0-9_-]+(?:\s*,\s*[A-Za-z0-9_-]+)*)\)$")]
    private static partial Regex SameLabel();

    [GeneratedRegex(@"^secret(?:\((?<name>[A-Za-z0-9_-]+)\))?:\s*(?<rules>MCV\d{4}(?:\s*\|\s*MCV\d{4})*(?:\s*,\s*MCV\d{4}(?:\s*\|\s*MCV\d{4})*)*)(?<extra>\s*\+\d+)?$")]
    private static partial Regex SecretLabel();
}

/// <summary>What a labelled line says.</summary>
internal enum LabelKind
{
    /// <summary>The line holds one or more secrets.</summary>
    Secret,

    /// <summary>Another line of a named secret (<c>same(name)</c>).</summary>
    Same,

    /// <summary>A look-alike: no secret rule may report this line.</summary>
    Clean,
}
