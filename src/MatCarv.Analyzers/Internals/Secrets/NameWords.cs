using System.Collections.Generic;

namespace MatCarv.Analyzers.Internals.Secrets;

/// <summary>Splits identifiers, configuration keys and environment variable names into lower-case words.</summary>
internal static class NameWords
{
    /// <summary>
    /// "dbPassword" → db, password; "AWS_SECRET_ACCESS_KEY" → aws, secret, access, key; "APIKey" → api, key;
    /// "Jwt:SigningKey" → jwt, signing, key. Digits form their own word.
    /// </summary>
    public static List<string> Split(string name)
    {
        var words = new List<string>(4);
        var start = -1;
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (!char.IsLetterOrDigit(c))
            {
                Flush(name, ref start, i, words);
                continue;
            }

            if (start < 0)
            {
                start = i;
                continue;
            }

            var prev = name[i - 1];
            var boundary =
                (char.IsLower(prev) && char.IsUpper(c)) ||
                (char.IsDigit(prev) != char.IsDigit(c)) ||
                (char.IsUpper(prev) && char.IsUpper(c) && i + 1 < name.Length && char.IsLower(name[i + 1]));
            if (boundary)
            {
                Flush(name, ref start, i, words);
                start = i;
            }
        }

        Flush(name, ref start, name.Length, words);
        return words;
    }

    private static void Flush(string name, ref int start, int end, List<string> words)
    {
        if (start >= 0 && end > start)
        {
            words.Add(name.Substring(start, end - start).ToLowerInvariant());
        }

        start = -1;
    }
}
