using System;
using System.Text.RegularExpressions;

namespace MatCarv.Analyzers.Internals.Secrets;

/// <summary>A secret with a recognisable shape: a fixed prefix (cheap pre-filter) and a regex, plus an entropy floor on the match.</summary>
internal sealed class SecretFormat
{
    private static readonly TimeSpan MatchTimeout = TimeSpan.FromMilliseconds(100);

    public SecretFormat(string name, string[] prefixes, string pattern, double minEntropy, Func<string, bool>? validate = null, bool wholeText = false)
    {
        ValidatesWholeText = wholeText;
        Name = name;
        Prefixes = prefixes;
        Regex = new Regex(pattern, RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture, MatchTimeout);
        MinEntropy = minEntropy;
        Validate = validate;
    }

    public string Name { get; }

    public string[] Prefixes { get; }

    public Regex Regex { get; }

    public double MinEntropy { get; }

    public Func<string, bool>? Validate { get; }

    /// <summary>Whether <see cref="Validate"/> checks the whole text (a structure around the match) rather than the match.</summary>
    public bool ValidatesWholeText { get; }

    /// <summary>Returns the first genuine match (not a documentation example, not low-entropy filler), or null.</summary>
    public string? FindIn(string text)
    {
        var candidate = false;
        foreach (var prefix in Prefixes)
        {
            if (text.IndexOf(prefix, StringComparison.Ordinal) >= 0)
            {
                candidate = true;
                break;
            }
        }

        if (!candidate)
        {
            return null;
        }

        try
        {
            for (var match = Regex.Match(text); match.Success; match = match.NextMatch())
            {
                var value = match.Value;
                if (value.IndexOf("EXAMPLE", StringComparison.OrdinalIgnoreCase) >= 0 ||
                    value.IndexOf("XXXXXXXX", StringComparison.OrdinalIgnoreCase) >= 0 ||
                    SecretValueClassifier.ShannonEntropy(value) < MinEntropy)
                {
                    continue;
                }

                if (Validate is null || Validate(ValidatesWholeText ? text : value))
                {
                    return value;
                }
            }
        }
        catch (RegexMatchTimeoutException)
        {
            // A pathological literal must not stall the build; no finding is the safe answer.
        }

        return null;
    }
}
