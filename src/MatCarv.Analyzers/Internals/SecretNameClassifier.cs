using System.Collections.Generic;

namespace MatCarv.Analyzers.Internals;

/// <summary>Decides from a name alone whether it announces a password or a machine secret.</summary>
internal static class SecretNameClassifier
{
    public static SecretNameKind Classify(string name, SecretSettings settings) => Classify(NameWords.Split(name), settings);

    public static SecretNameKind Classify(List<string> words, SecretSettings settings)
    {
        if (words.Count == 0)
        {
            return SecretNameKind.None;
        }

        foreach (var word in words)
        {
            if (settings.ExcludedNameWords.Contains(word))
            {
                return SecretNameKind.None;
            }
        }

        for (var i = 0; i < words.Count; i++)
        {
            var word = words[i];
            if (word == "pass")
            {
                // "pass" is also a verb (passThrough, passCount); only a trailing "Pass"/"dbPass"/"DB_PASS" is a password.
                if (i == words.Count - 1 && settings.PasswordWords.Contains(word))
                {
                    return SecretNameKind.Password;
                }

                continue;
            }

            if (settings.PasswordWords.Contains(word) || ContainsAny(word, settings.PasswordWords))
            {
                return SecretNameKind.Password;
            }
        }

        for (var i = 0; i < words.Count; i++)
        {
            var word = words[i];
            if (settings.SecretWords.Contains(word))
            {
                return SecretNameKind.Secret;
            }

            if (word == "key" && i > 0 && settings.KeyQualifiers.Contains(words[i - 1]))
            {
                return SecretNameKind.Secret;
            }

            if (word.Length > 6 && ContainsAny(word, settings.SecretWords))
            {
                return SecretNameKind.Secret;
            }
        }

        return SecretNameKind.None;
    }

    /// <summary>Whether a lower-case compound word ("adminpassword", "apikey") contains a listed word of 6+ letters.</summary>
    private static bool ContainsAny(string word, HashSet<string> list)
    {
        foreach (var candidate in list)
        {
            if (candidate.Length >= 6 && word.Length > candidate.Length && word.IndexOf(candidate, System.StringComparison.Ordinal) >= 0)
            {
                return true;
            }
        }

        return false;
    }
}
