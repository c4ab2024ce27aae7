using System.Globalization;
using System.Text;

namespace MatCarv.Analyzers.Tests.Corpus.Scoring;

/// <summary>
/// The score of one split: precision and recall of MCV1001–MCV1004 together (as issue 13 counts them), of MCV1005 apart,
/// and of each rule; the secrets reported more than once; and every miss, for the report.
/// </summary>
/// <remarks>
/// Precision counts diagnostics (a true positive is a diagnostic that matched a finding); recall counts findings, each under
/// the family of the rule that owns it (the first rule of its label), found by whichever of its rules reported it.
/// </remarks>
internal sealed class SplitScore(CorpusSplit split)
{
    private readonly SortedDictionary<string, RuleCounts> _rules = new(StringComparer.Ordinal);
    private readonly List<string> _falsePositives = [];
    private readonly List<string> _falseNegatives = [];
    private readonly List<string> _duplicates = [];

    public CorpusSplit Split { get; } = split;

    /// <summary>Compile errors and malformed labels: the corpus itself is broken.</summary>
    public List<string> Problems { get; } = [];

    public int SecretLines { get; private set; }

    public int CleanLines { get; private set; }

    public int LabelledLines => SecretLines + CleanLines;

    public int Findings => _rules.Values.Sum(r => r.Owned);

    public int Duplicates => _duplicates.Count;

    public FamilyScore Secrets => Family(IsMainFamily);

    public FamilyScore Environment => Family(id => !IsMainFamily(id));

    public IReadOnlyDictionary<string, RuleCounts> Rules => _rules;

    public void CountLabelledLine(bool clean)
    {
        if (clean)
        {
            CleanLines++;
        }
        else
        {
            SecretLines++;
        }
    }

    public void AddTruePositive(string id) => Rule(id).TruePositives++;

    public void AddFound(CorpusFinding finding)
    {
        Rule(finding.Owner).Owned++;
        Rule(finding.Owner).Found++;
    }

    public void AddFalseNegative(CorpusFinding finding)
    {
        Rule(finding.Owner).Owned++;
        _falseNegatives.Add($"FN {string.Join('|', finding.Rules)}  {finding}");
    }

    public void AddFalsePositive(string id, string where)
    {
        Rule(id).FalsePositives++;
        _falsePositives.Add($"FP {id}  {where}");
    }

    public void AddDuplicate(string id, string where)
    {
        Rule(id).Duplicates++;
        _duplicates.Add($"DUP {id}  {where}");
    }

    public string Report()
    {
        var s = new StringBuilder();
        var inv = CultureInfo.InvariantCulture;
        s.AppendLine(inv, $"== {Split} split: {LabelledLines} labelled lines ({SecretLines} secret, {CleanLines} clean look-alikes), {Findings} findings");
        s.AppendLine(inv, $"MCV1001-MCV1004: {Secrets}");
        s.AppendLine(inv, $"MCV1005:         {Environment}");
        s.AppendLine(inv, $"secrets reported more than once: {Duplicates}");
        foreach (var (id, c) in _rules)
        {
            s.AppendLine(inv, $"  {id}: TP {c.TruePositives} FP {c.FalsePositives} dup {c.Duplicates} | owned {c.Owned} found {c.Found} | precision {Ratio(c.TruePositives, c.TruePositives + c.FalsePositives)} recall {Ratio(c.Found, c.Owned)}");
        }

        foreach (var line in Problems.Concat(_falseNegatives).Concat(_falsePositives).Concat(_duplicates))
        {
            s.AppendLine(line);
        }

        return s.ToString();
    }

    private static bool IsMainFamily(string id) => id != "MCV1005";

    private static string Ratio(int a, int b) => b == 0 ? "n/a" : (a / (double)b).ToString("F3", CultureInfo.InvariantCulture);

    private FamilyScore Family(Func<string, bool> member)
    {
        var rules = _rules.Where(r => member(r.Key)).Select(r => r.Value).ToList();
        return new FamilyScore(rules.Sum(r => r.TruePositives), rules.Sum(r => r.FalsePositives), rules.Sum(r => r.Owned), rules.Sum(r => r.Found), rules.Sum(r => r.Duplicates));
    }

    private RuleCounts Rule(string id)
    {
        if (!_rules.TryGetValue(id, out var counts))
        {
            _rules[id] = counts = new RuleCounts();
        }

        return counts;
    }
}

/// <summary>Counts of one rule in one split.</summary>
internal sealed class RuleCounts
{
    public int TruePositives { get; set; }

    public int FalsePositives { get; set; }

    public int Duplicates { get; set; }

    /// <summary>Findings this rule owns (first rule of their label).</summary>
    public int Owned { get; set; }

    /// <summary>Owned findings that some allowed rule reported.</summary>
    public int Found { get; set; }
}

/// <summary>Precision and recall of a family of rules.</summary>
internal readonly record struct FamilyScore(int TruePositives, int FalsePositives, int Findings, int Found, int Duplicates)
{
    public double Precision => TruePositives + FalsePositives == 0 ? 1.0 : TruePositives / (double)(TruePositives + FalsePositives);

    public double Recall => Findings == 0 ? 1.0 : Found / (double)Findings;

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"precision {Precision:F3} recall {Recall:F3} (TP {TruePositives}, FP {FalsePositives}, findings {Findings}, found {Found}, duplicates {Duplicates})");
}
