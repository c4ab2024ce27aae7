using System;
using System.Collections.Generic;

namespace MatCarv.Analyzers.Internals.Secrets;

/// <summary>Decides from a name alone whether it announces a password or a machine secret.</summary>
internal static class SecretNameClassifier
{
    private static readonly string[] Verbs = { "get", "resolve", "find", "load", "fetch" };

    public static SecretNameKind Classify(string name, SecretSettings settings) => Classify(NameWords.Split(name), settings);

    public static SecretNameKind Classify(List<string> words, SecretSettings settings)
    {
        if (words.Count == 0)
        {
            return SecretNameKind.None;
        }

        foreach (var word in words)
        {
            if (ContainsWordOrSingular(settings.ExcludedNameModifiers, word))
            {
                return SecretNameKind.None;
            }
        }

        var kind = FindSecretWord(words, settings, out var index);
        if (kind == SecretNameKind.None)
        {
            return kind;
        }

        // A head noun after the secret word makes the name about it: PasswordHint, SecretArn, API_KEY_SECRET_NAME.
        for (var i = index + 1; i < words.Count; i++)
        {
            if (ContainsWordOrSingular(settings.ExcludedNameWords, words[i]))
            {
                return SecretNameKind.None;
            }
        }

        return kind;
    }

    private static SecretNameKind FindSecretWord(List<string> words, SecretSettings settings, out int index)
    {
        for (var i = 0; i < words.Count; i++)
        {
            var word = words[i];
            index = i;
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
            index = i;
            if (settings.SecretWords.Contains(word))
            {
                return SecretNameKind.Secret;
            }

            // "ApiKey", "SigningKey", "ClientApiKeys": a key after a qualifier.
            if ((word == "key" || word == "keys") && i > 0 && settings.KeyQualifiers.Contains(words[i - 1]))
            {
                return SecretNameKind.Secret;
            }

            // "PAGERDUTY_EVENTS_ROUTING_KEY": a vendor's key, whatever stands between.
            if ((word == "key" || word == "keys") && i > 0 && AnyBefore(words, i, settings.KeyVendors))
            {
                return SecretNameKind.Secret;
            }

            // "Key", "KeyFor(partner)", "GetKey": a key with no qualifier at all is one (a cache or partition key has its qualifier).
            if ((word == "key" || word == "keys") && (i == 0 || (i == 1 && Array.IndexOf(Verbs, words[0]) >= 0)))
            {
                return SecretNameKind.Secret;
            }

            if (word.Length > 6 && ContainsAny(word, settings.SecretWords))
            {
                return SecretNameKind.Secret;
            }
        }

        index = -1;
        return SecretNameKind.None;
    }

    /// <summary>"hashes" → hash, "salts" → salt, "messages" → message: a listed word or its plural.</summary>
    private static bool ContainsWordOrSingular(HashSet<string> list, string word)
    {
        if (list.Contains(word))
        {
            return true;
        }

        if (word.Length > 3 && word[word.Length - 1] == 's')
        {
            if (list.Contains(word.Substring(0, word.Length - 1)))
            {
                return true;
            }

            return word.Length > 4 && word[word.Length - 2] == 'e' && list.Contains(word.Substring(0, word.Length - 2));
        }

        return false;
    }

    private static bool AnyBefore(List<string> words, int end, HashSet<string> list)
    {
        for (var i = 0; i < end; i++)
        {
            if (list.Contains(words[i]))
            {
                return true;
            }
        }

        return false;
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
