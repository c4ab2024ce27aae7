using System;
using System.Text.RegularExpressions;
using System.Threading;

namespace MatCarv.Analyzers.Internals.Secrets;

/// <summary>A secret with a recognisable shape: a fixed prefix (cheap pre-filter) and a regex, plus an entropy floor on the match.</summary>
internal sealed class SecretFormat
{
    private static readonly TimeSpan MatchTimeout = TimeSpan.FromMilliseconds(100);

    private readonly string _pattern;
    private Regex? _regex;

    public SecretFormat(string name, string[] prefixes, string pattern, double minEntropy, Func<string, bool>? validate = null, bool wholeText = false)
    {
        ValidatesWholeText = wholeText;
        Name = name;
        Prefixes = prefixes;
        _pattern = pattern;
        MinEntropy = minEntropy;
        Validate = validate;
    }

    public string Name { get; }

    public string[] Prefixes { get; }

    /// <summary>
    /// The shape, built on first use: a literal reaches it only after one of <see cref="Prefixes"/> matched, which most
    /// formats never do in a build, and building all ~50 patterns up front was part of every build's cold start
    /// (the analyzers load fresh in each compiler process without the compiler server).
    /// </summary>
    public Regex Regex => Volatile.Read(ref _regex) ?? CreateRegex();

    public double MinEntropy { get; }

    public Func<string, bool>? Validate { get; }

    /// <summary>Whether <see cref="Validate"/> checks the whole text (a structure around the match) rather than the match.</summary>
    public bool ValidatesWholeText { get; }

    private Regex CreateRegex()
    {
        var regex = new Regex(_pattern, RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture, MatchTimeout);
        return Interlocked.CompareExchange(ref _regex, regex, null) ?? regex;
    }

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
