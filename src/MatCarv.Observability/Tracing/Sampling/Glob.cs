namespace MatCarv.Observability.Tracing.Sampling;

/// <summary>X-Ray sampling-rule globs: <c>*</c> matches any run of characters, <c>?</c> one character, case-insensitively.</summary>
internal static class Glob
{
    public static bool IsMatch(string pattern, string text)
    {
        if (pattern == "*")
        {
            return true;
        }

        int p = 0, t = 0, star = -1, mark = 0;
        while (t < text.Length)
        {
            if (p < pattern.Length && (pattern[p] == '?' || char.ToUpperInvariant(pattern[p]) == char.ToUpperInvariant(text[t])))
            {
                p++;
                t++;
            }
            else if (p < pattern.Length && pattern[p] == '*')
            {
                star = p++;
                mark = t;
            }
            else if (star >= 0)
            {
                p = star + 1;
                t = ++mark;
            }
            else
            {
                return false;
            }
        }

        while (p < pattern.Length && pattern[p] == '*')
        {
            p++;
        }

        return p == pattern.Length;
    }
}
