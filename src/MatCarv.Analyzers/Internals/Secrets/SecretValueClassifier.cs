using System;
using System.Collections.Generic;

namespace MatCarv.Analyzers.Internals.Secrets;

/// <summary>
/// Value evidence for secrets: entropy, length, character classes, and the false-positive classes that the
/// published tools document (placeholders, documentation examples, references, hashes, GUIDs, public keys, messages).
/// </summary>
internal static class SecretValueClassifier
{
    /// <summary>Sonar S2068/S6418 fake values plus common stand-ins; compared case-insensitively to the whole value.</summary>
    private static readonly HashSet<string> FakeValues = new(StringComparer.OrdinalIgnoreCase)
    {
        "hunter2", "letmein", "abc123", "changeme", "changeit", "unknown", "optional", "enabled", "disabled", "string", "random",
        "token", "password", "secret", "null", "none", "true", "false", "empty", "default", "n/a", "tbd", "test", "testing",
        "admin", "root", "guest", "pass", "pwd", "passwd", "undefined", "missing", "notset", "not-set", "not_set", "required",
        "bearer", "basic", "redacted", "hidden", "masked", "secret-value", "my-secret", "mysecret", "mypassword",
    };

    /// <summary>Substrings that mark a value as a stand-in (TruffleHog's generic filter, gitleaks allowlists, common docs).</summary>
    private static readonly string[] FakeMarkers =
    {
        "example", "sample", "placeholder", "replace", "changeme", "change_me", "change-me", "changeit", "your_", "your-", "yourpass",
        "yoursecret", "yourkey", "yourtoken", "dummy", "fake", "redacted", "todo", "fixme", "xxxx", "****", "\u2022\u2022", "....",
        "notreal", "not-real", "not_real", "not-a-real", "insert_", "insert-", "enter_", "enter-your", "0000000", "1234567", "abcdef",
        "aaaaaa", "lorem", "<", ">",
    };

    private static readonly string[] NonSecretPrefixes =
    {
        "sha1:", "sha256:", "sha384:", "sha512:", "sha1-", "sha256-", "sha384-", "sha512-", "md5:", "$2a$", "$2b$", "$2y$",
        "$argon2", "$pbkdf2", "pbkdf2", "{SSHA}", "{SHA}", "{bcrypt}", "$6$", "$5$", "$1$",
        "-----BEGIN PUBLIC KEY", "-----BEGIN RSA PUBLIC KEY", "-----BEGIN CERTIFICATE", "-----BEGIN PGP PUBLIC",
        "ssh-rsa ", "ssh-ed25519 ", "ssh-dss ", "ecdsa-sha2-", "pk_live_", "pk_test_", "MIIBIjAN", "MFkwEwYH", "MCowBQYDK2Vw",
    };

    private static readonly string[] FileExtensions =
    {
        ".pem", ".key", ".json", ".p12", ".pfx", ".crt", ".cer", ".txt", ".yaml", ".yml", ".xml", ".config", ".env", ".jks",
    };

    public static double ShannonEntropy(string value)
    {
        if (value.Length == 0)
        {
            return 0;
        }

        // Counts per ASCII character in a small array (no dictionary): called for every candidate literal.
        var ascii = new int[128];
        Dictionary<char, int>? other = null;
        foreach (var c in value)
        {
            if (c < 128)
            {
                ascii[c]++;
            }
            else
            {
                other ??= new Dictionary<char, int>();
                other.TryGetValue(c, out var n);
                other[c] = n + 1;
            }
        }

        double entropy = 0;
        double length = value.Length;
        foreach (var count in ascii)
        {
            if (count > 0)
            {
                var p = count / length;
                entropy -= p * Math.Log(p, 2);
            }
        }

        if (other is not null)
        {
            foreach (var count in other.Values)
            {
                var p = count / length;
                entropy -= p * Math.Log(p, 2);
            }
        }

        return entropy;
    }

    public static int CharacterClasses(string value)
    {
        bool lower = false, upper = false, digit = false, symbol = false;
        foreach (var c in value)
        {
            if (c >= 'a' && c <= 'z')
            {
                lower = true;
            }
            else if (c >= 'A' && c <= 'Z')
            {
                upper = true;
            }
            else if (c >= '0' && c <= '9')
            {
                digit = true;
            }
            else
            {
                symbol = true;
            }
        }

        return (lower ? 1 : 0) + (upper ? 1 : 0) + (digit ? 1 : 0) + (symbol ? 1 : 0);
    }

    /// <summary>The value decides: is this string, assigned to a name of the given kind, a hard-coded secret?</summary>
    public static bool IsLikelySecret(string value, SecretNameKind kind, SecretSettings settings)
    {
        var trimmed = value.Trim();
        if (kind == SecretNameKind.None || trimmed.Length == 0)
        {
            return false;
        }

        // Cheap shape checks before the pattern lists.
        var classes = CharacterClasses(trimmed);
        if (ContainsWhitespace(trimmed) || (classes < 2 && trimmed.Length < 10) ||
            trimmed.Length < Math.Min(settings.MinPasswordLength, settings.MinSecretLength) ||
            (kind == SecretNameKind.Secret && (trimmed.Length < settings.MinSecretLength || classes < 2)))
        {
            return false;
        }

        if (IsPlaceholder(trimmed) || IsReference(trimmed) || IsNonSecretShape(trimmed) || IsMessage(trimmed) || DocumentedExamples.Contains(trimmed))
        {
            return false;
        }

        if (kind == SecretNameKind.Password)
        {
            if (trimmed.Length < settings.MinPasswordLength || ContainsWhitespace(trimmed))
            {
                return false;
            }

            if (IsAllDigits(trimmed) && trimmed.Length < 10)
            {
                return false;
            }

            return CharacterClasses(trimmed) >= 2 || (trimmed.Length >= 10 && ShannonEntropy(trimmed) >= settings.MinEntropy);
        }

        // Machine secrets: S6418's shape (16+ chars, no spaces) and entropy threshold (3.0 by default); generated secrets are
        // random, so words joined by separators ("invoices-archive-2024") are names, not secrets.
        return trimmed.Length >= settings.MinSecretLength
            && !IsWordsWithSeparators(trimmed)
            && !ContainsWhitespace(trimmed)
            && CharacterClasses(trimmed) >= 2
            && ShannonEntropy(trimmed) >= settings.MinEntropy;
    }

    /// <summary>Words of messages and labels, never of a diceware passphrase.</summary>
    private static readonly HashSet<string> MessageWords = new(StringComparer.Ordinal)
    {
        "is", "are", "be", "the", "your", "you", "must", "not", "required", "enter", "invalid", "wrong", "incorrect", "password",
        "passphrase", "secret", "key", "token", "please", "of", "to", "for", "with", "and", "or", "in", "at", "least", "characters",
        "missing", "empty", "expired", "reset", "change", "new", "old", "confirm", "forgot", "this", "that", "here",
    };

    /// <summary>
    /// A passphrase made of words (diceware, "correct horse battery staple"): three to eight lower-case words of letters,
    /// separated by single spaces or hyphens, none of them a word of messages. Only read where a name says "passphrase".
    /// </summary>
    public static bool IsPassphrase(string value)
    {
        // Called for every candidate literal: rule out anything but lower-case letters and separators before splitting.
        var separators = 0;
        foreach (var c in value)
        {
            if (c == ' ' || c == '-')
            {
                separators++;
            }
            else if (c < 'a' || c > 'z')
            {
                return false;
            }
        }

        if (separators < 2)
        {
            return false;
        }

        var words = value.Trim().Split(' ', '-');
        if (words.Length is < 3 or > 8 || IsPlaceholder(value))
        {
            return false;
        }

        foreach (var word in words)
        {
            if (word.Length is < 3 or > 12 || MessageWords.Contains(word))
            {
                return false;
            }

            foreach (var c in word)
            {
                if (c < 'a' || c > 'z')
                {
                    return false;
                }
            }
        }

        return true;
    }

    /// <summary>Templates, masks and stand-ins: <c>&lt;password&gt;</c>, <c>${X}</c>, <c>{{x}}</c>, <c>REPLACE_ME</c>, <c>****</c>, <c>…EXAMPLE</c>.</summary>
    public static bool IsPlaceholder(string value)
    {
        if (value.Length == 0 || FakeValues.Contains(value))
        {
            return true;
        }

        if (value.IndexOf("${", StringComparison.Ordinal) >= 0 || value.IndexOf("{{", StringComparison.Ordinal) >= 0 ||
            value.IndexOf("#{", StringComparison.Ordinal) >= 0 || value.IndexOf("$(", StringComparison.Ordinal) >= 0 ||
            value.IndexOf("%(", StringComparison.Ordinal) >= 0 || value.IndexOf("((", StringComparison.Ordinal) >= 0)
        {
            return true;
        }

        var first = value[0];
        var last = value[value.Length - 1];
        if ((first == '%' && last == '%') || (first == '[' && last == ']') || (first == '{' && last == '}') ||
            (first == '@' && last == '@') || (value.StartsWith("__", StringComparison.Ordinal) && value.EndsWith("__", StringComparison.Ordinal)))
        {
            return true;
        }

        if ((first == '$' || first == ':' || first == '@' || first == '?') && IsIdentifierTail(value, 1))
        {
            return true;
        }

        foreach (var marker in FakeMarkers)
        {
            if (value.IndexOf(marker, StringComparison.OrdinalIgnoreCase) >= 0)
            {
                return true;
            }
        }

        return IsMostlyOneCharacter(value);
    }

    /// <summary>Names of secrets, not secrets: ARNs, Secrets Manager / SSM names, configuration keys, env var names, URLs, paths.</summary>
    public static bool IsReference(string value)
    {
        if (value.StartsWith("arn:", StringComparison.OrdinalIgnoreCase) ||
            value.StartsWith("resolve:", StringComparison.OrdinalIgnoreCase) ||
            value.StartsWith("ssm:", StringComparison.OrdinalIgnoreCase) ||
            value.StartsWith("op://", StringComparison.OrdinalIgnoreCase) ||
            value.StartsWith("vault:", StringComparison.OrdinalIgnoreCase) ||
            value.StartsWith("secretsmanager:", StringComparison.OrdinalIgnoreCase) ||
            value.StartsWith("ENC(", StringComparison.Ordinal) ||
            value.StartsWith("{cipher}", StringComparison.Ordinal) ||
            value.StartsWith("encrypted:", StringComparison.OrdinalIgnoreCase) ||
            value.StartsWith("AQICAH", StringComparison.Ordinal))
        {
            // AQICAH… is a KMS ciphertext blob: encrypted, not secret.
            return true;
        }

        if (value.IndexOf("://", StringComparison.Ordinal) > 0 && value.IndexOf('@') < 0)
        {
            return true;
        }

        if (value[0] == '/' || value.StartsWith("./", StringComparison.Ordinal) || value.StartsWith("../", StringComparison.Ordinal) ||
            value.StartsWith("~/", StringComparison.Ordinal) || (value.Length > 2 && value[1] == ':' && (value[2] == '\\' || value[2] == '/')))
        {
            return true;
        }

        foreach (var extension in FileExtensions)
        {
            if (value.EndsWith(extension, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        // Identifier-like values (letters and separators only) are keys and names: "Secrets:Db:Password", "db_password".
        if (IsIdentifierLike(value))
        {
            return true;
        }

        // Environment variable names: "PAYMENTS_DB_PASSWORD_V2".
        if (IsEnvironmentVariableName(value))
        {
            return true;
        }

        // Configuration keys with digits: "Services:Payments:V2:ApiKey".
        if (IsDelimitedWordPath(value, ':') || IsDelimitedWordPath(value, '/') || IsDelimitedWordPath(value, '.'))
        {
            return true;
        }

        return IsWordList(value);
    }

    /// <summary>GUIDs, hashes, public keys and other high-entropy strings that are not secrets.</summary>
    public static bool IsNonSecretShape(string value)
    {
        if (IsGuid(value))
        {
            return true;
        }

        foreach (var prefix in NonSecretPrefixes)
        {
            if (value.StartsWith(prefix, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Human text: "Password is required", "Enter your API token:".</summary>
    public static bool IsMessage(string value)
    {
        var spaces = 0;
        foreach (var c in value)
        {
            if (c == ' ')
            {
                spaces++;
            }
        }

        if (spaces >= 2)
        {
            return true;
        }

        var last = value[value.Length - 1];
        return spaces >= 1 && (last == '.' || last == '!' || last == '?' || last == ':');
    }

    public static bool IsGuid(string value)
    {
        var v = value;
        if (v.Length == 38 && v[0] == '{' && v[37] == '}')
        {
            v = v.Substring(1, 36);
        }

        if (v.Length == 32)
        {
            return false; // a bare 32-hex string can be a key as well as a GUID; names decide.
        }

        if (v.Length != 36)
        {
            return false;
        }

        for (var i = 0; i < v.Length; i++)
        {
            var c = v[i];
            if (i == 8 || i == 13 || i == 18 || i == 23)
            {
                if (c != '-')
                {
                    return false;
                }
            }
            else if (!IsHex(c))
            {
                return false;
            }
        }

        return true;
    }

    public static bool IsIdentifierLike(string value)
    {
        foreach (var c in value)
        {
            if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == '.' || c == ':' || c == '-' || c == '/'))
            {
                return false;
            }
        }

        return true;
    }

    public static bool ContainsWhitespace(string value)
    {
        foreach (var c in value)
        {
            if (char.IsWhiteSpace(c))
            {
                return true;
            }
        }

        return false;
    }

    public static bool IsHex(char c) => (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');

    private static bool IsAllDigits(string value)
    {
        foreach (var c in value)
        {
            if (c < '0' || c > '9')
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsEnvironmentVariableName(string value)
    {
        if (value.IndexOf('_') < 0 || value[0] < 'A' || value[0] > 'Z')
        {
            return false;
        }

        foreach (var c in value)
        {
            if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_'))
            {
                return false;
            }
        }

        // Every segment between underscores must read as a word, not as random base32.
        foreach (var segment in value.Split('_'))
        {
            if (segment.Length > 0 && !IsWordLike(segment))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Words and short numbers joined by separators: "invoices-archive-2024", "orders_v2_prod".</summary>
    private static bool IsWordsWithSeparators(string value)
    {
        var parts = value.Split('-', '_', '.', ':', '/');
        if (parts.Length < 2)
        {
            return false;
        }

        foreach (var part in parts)
        {
            if (part.Length == 0 || (part.Length <= 4 && IsAllDigits(part)))
            {
                continue;
            }

            if (!IsWordLike(part))
            {
                return false;
            }
        }

        return true;
    }

    private static readonly char[] ListSeparators = { ',', ';', '|' };

    /// <summary>A list of words: "banana,apple,cherry", "read|write|admin".</summary>
    private static bool IsWordList(string value)
    {
        if (value.IndexOfAny(ListSeparators) < 0)
        {
            return false;
        }

        var items = value.Split(ListSeparators);
        if (items.Length < 2)
        {
            return false;
        }

        foreach (var item in items)
        {
            var trimmed = item.Trim();
            if (trimmed.Length > 0 && !IsWordLike(trimmed))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>"prod/orders/db-credentials", "Services:Payments:V2:ApiKey": every segment reads as words.</summary>
    private static bool IsDelimitedWordPath(string value, char separator)
    {
        if (value.IndexOf(separator) < 0)
        {
            return false;
        }

        var segments = value.Split(separator);
        var nonEmpty = 0;
        foreach (var segment in segments)
        {
            if (segment.Length == 0)
            {
                continue;
            }

            nonEmpty++;
            foreach (var part in segment.Split('-', '_'))
            {
                if (part.Length > 0 && !IsWordLike(part))
                {
                    return false;
                }
            }
        }

        return nonEmpty >= 2;
    }

    /// <summary>
    /// Whether a token reads like (camel-cased) words: every run of letters is a capitalised or lower-case word of
    /// two letters or more, or a short acronym, and digits only trail. Random base64/base32 fails on isolated letters.
    /// </summary>
    internal static bool IsWordLike(string token)
    {
        var words = NameWords.Split(token);
        if (words.Count == 0)
        {
            return false;
        }

        var index = 0;
        foreach (var word in words)
        {
            var isDigits = char.IsDigit(word[0]);
            if (isDigits)
            {
                if (index == 0 || word.Length > 4)
                {
                    return false;
                }
            }
            else if (word.Length < 2)
            {
                return false;
            }
            else if (word.Length > 2 && !HasVowel(word) && !(word.Length <= 4 && IsUpperInOriginal(token, word)))
            {
                // Words without vowels are only short acronyms written in capitals (SQS, KMS); "db" and "v2" pass as two letters.
                return false;
            }

            index++;
        }

        return true;
    }

    private static bool IsUpperInOriginal(string token, string lowerWord) =>
        token.IndexOf(lowerWord.ToUpperInvariant(), StringComparison.Ordinal) >= 0;

    private static bool HasVowel(string word)
    {
        foreach (var c in word)
        {
            if (c is 'a' or 'e' or 'i' or 'o' or 'u' or 'y')
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsIdentifierTail(string value, int start)
    {
        if (value.Length <= start)
        {
            return false;
        }

        for (var i = start; i < value.Length; i++)
        {
            var c = value[i];
            if (!(char.IsLetterOrDigit(c) || c == '_'))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsMostlyOneCharacter(string value)
    {
        if (value.Length < 4)
        {
            return false;
        }

        var ascii = new int[128];
        var max = 0;
        foreach (var c in value)
        {
            if (c < 128)
            {
                max = Math.Max(max, ++ascii[c]);
            }
        }

        return max * 10 >= value.Length * 7;
    }
}
