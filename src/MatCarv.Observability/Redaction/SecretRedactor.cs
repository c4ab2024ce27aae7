using System.Buffers;

namespace MatCarv.Observability.Redaction;

/// <summary>
/// Finds secrets by the shape of the text, whatever key they are under (issue 10: redaction by key name alone printed
/// <c>Authorization: Bearer …</c>, connection-string passwords in exception messages and AWS-secret-shaped values under
/// ordinary keys). Recognised, and replaced by the redaction marker:
/// <list type="bullet">
/// <item>a value after a secret-named key, in any of the usual spellings: <c>Password=…;</c> (connection strings),
/// <c>Password = …</c> (a record's <c>ToString()</c>), <c>"api_key":"…"</c> (JSON), <c>?token=…&amp;</c> (query strings),
/// <c>client_secret: …</c>;</item>
/// <item><c>Bearer</c>/<c>Basic</c> credentials, and the password of a URL's user info (<c>scheme://user:password@host</c>);</item>
/// <item>AWS access key ids (<c>AKIA</c>/<c>ASIA</c>/<c>ABIA</c>/<c>ACCA</c> + 16) and 40-character mixed-case base64 runs
/// (the shape of an AWS secret access key);</item>
/// <item>the vendor formats MCV1002 knows by prefix (GitHub, GitLab, Slack, Stripe, Google, npm, SendGrid, Anthropic,
/// Hugging Face tokens, signed JWTs, PEM private keys, Azure account keys).</item>
/// </list>
/// Scanning is allocation-free when nothing is found; strings shorter than <see cref="MinimumLength"/> are not scanned.
/// It errs on the side of hiding: a false positive costs a value, a false negative leaks a secret.
/// </summary>
internal static class SecretRedactor
{
    /// <summary>Shorter text cannot hold any recognised shape (<c>pwd=x</c> is 5; a bearer token at least 8).</summary>
    public const int MinimumLength = 5;

    private const int MaxRanges = 32;
    private const int AwsSecretLength = 40;
    private const int AwsKeyIdLength = 20;

    // Words that make a key secret-named (the logger's key list, plus the connection-string and header spellings).
    private static readonly string[] KeyWords =
        ["password", "passwd", "pwd", "secret", "token", "apikey", "api_key", "api-key", "authorization", "credential", "accountkey", "accesskey", "access_key", "privatekey", "private_key", "sharedaccesskey", "sessionkey", "cookie"];

    private static readonly string[] AuthSchemes = ["bearer ", "basic "];

    // Vendor prefixes (KnownSecretFormats of the analyzers) and the shortest token body after them.
    private static readonly (string Prefix, int MinBody)[] Prefixes =
    [
        ("ghp_", 30), ("gho_", 30), ("ghu_", 30), ("ghs_", 30), ("ghr_", 30), ("github_pat_", 40), ("glpat-", 20), ("gldt-", 20), ("glrt-", 20),
        ("xoxb-", 10), ("xoxp-", 10), ("xoxa-", 10), ("xoxr-", 10), ("xoxs-", 10), ("xoxe-", 10), ("xapp-", 10),
        ("sk_live_", 10), ("rk_live_", 10), ("AIza", 30), ("npm_", 30), ("SG.", 40), ("sk-ant-", 40), ("sk-proj-", 20), ("hf_", 30),
        ("shpat_", 32), ("pypi-AgEIcHlwaS5vcmc", 40), ("dop_v1_", 60), ("eyJ", 30),
    ];

    private static readonly string[] AwsKeyIdPrefixes = ["AKIA", "ASIA", "ABIA", "ACCA"];

    private static readonly SearchValues<char> TokenChars = SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.~+/=");
    private static readonly SearchValues<char> Base64Chars = SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/");
    private static readonly SearchValues<char> IdentifierChars = SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-.");
    private static readonly SearchValues<char> ValueEnd = SearchValues.Create(";,&}])\"' \t\r\n<>|");

#if NET9_0_OR_GREATER
    private static readonly SearchValues<string> KeyWordSearch = SearchValues.Create(KeyWords, StringComparison.OrdinalIgnoreCase);
    private static readonly SearchValues<string> PrefixSearch = SearchValues.Create(AllPrefixes(), StringComparison.Ordinal);
    private static readonly SearchValues<string> AuthSearch = SearchValues.Create(AuthSchemes, StringComparison.OrdinalIgnoreCase);
#endif

#if NET9_0_OR_GREATER
    private static string[] AllPrefixes()
    {
        var all = new string[Prefixes.Length + AwsKeyIdPrefixes.Length + 2];
        for (int i = 0; i < Prefixes.Length; i++)
        {
            all[i] = Prefixes[i].Prefix;
        }

        AwsKeyIdPrefixes.CopyTo(all, Prefixes.Length);
        all[^2] = "://";
        all[^1] = "-----BEGIN";
        return all;
    }
#endif

    /// <summary>True when <paramref name="text"/> holds something that looks like a secret.</summary>
    public static bool ContainsSecret(ReadOnlySpan<char> text)
    {
        if (text.Length < MinimumLength)
        {
            return false;
        }

        Span<Range> ranges = stackalloc Range[1];
        return Find(text, ranges, stopAtFirst: true) > 0;
    }

    /// <summary>The text with every secret replaced by <paramref name="marker"/>, or null when none was found (no allocation then).</summary>
    public static string? Redact(ReadOnlySpan<char> text, string marker)
    {
        if (text.Length < MinimumLength)
        {
            return null;
        }

        Span<Range> ranges = stackalloc Range[MaxRanges];
        int count = Find(text, ranges, stopAtFirst: false);
        if (count == 0)
        {
            return null;
        }

        ranges = ranges[..count];
        ranges.Sort(static (a, b) => a.Start.Value.CompareTo(b.Start.Value));
        var builder = new System.Text.StringBuilder(text.Length);
        int position = 0;
        foreach (var range in ranges)
        {
            int start = range.Start.Value;
            int end = range.End.Value;
            if (end <= position)
            {
                continue; // inside a range already replaced
            }

            if (start > position)
            {
                builder.Append(text[position..start]);
            }

            builder.Append(marker);
            position = end;
        }

        builder.Append(text[position..]);
        return builder.ToString();
    }

    /// <summary>A string without secrets: the same instance when none was found.</summary>
    public static string Redact(string text, string marker) => Redact(text.AsSpan(), marker) ?? text;

    private static int Find(ReadOnlySpan<char> text, Span<Range> ranges, bool stopAtFirst)
    {
        int count = 0;
        FindKeyValues(text, ranges, ref count, stopAtFirst);
        if (count > 0 && stopAtFirst)
        {
            return count;
        }

        FindAuthSchemes(text, ranges, ref count, stopAtFirst);
        if (count > 0 && stopAtFirst)
        {
            return count;
        }

        FindPrefixed(text, ranges, ref count, stopAtFirst);
        if (count > 0 && stopAtFirst)
        {
            return count;
        }

        if (text.Length >= AwsSecretLength)
        {
            FindAwsSecretShapes(text, ranges, ref count, stopAtFirst);
        }

        return count;
    }

    private static bool Add(Span<Range> ranges, ref int count, int start, int end)
    {
        if (end <= start)
        {
            return true;
        }

        if (count == ranges.Length)
        {
            // Out of room: widen the last range to the end of this one (still hides everything found).
            var last = ranges[count - 1];
            ranges[count - 1] = new Range(Math.Min(last.Start.Value, start), Math.Max(last.End.Value, end));
            return false;
        }

        ranges[count++] = new Range(start, end);
        return true;
    }

    /// <summary><c>secretName [:=] value</c>, with optional quotes around the key and the value.</summary>
    private static void FindKeyValues(ReadOnlySpan<char> text, Span<Range> ranges, ref int count, bool stopAtFirst)
    {
        int offset = 0;
        while (offset < text.Length)
        {
            int hit = IndexOfKeyWord(text[offset..], out int wordLength);
            if (hit < 0)
            {
                return;
            }

            int wordStart = offset + hit;
            int i = wordStart + wordLength;

            // The rest of the identifier (DbPassword_Value, client_secret, X-Api-Key).
            int tail = text[i..].IndexOfAnyExcept(IdentifierChars);
            int identifierEnd = tail < 0 ? text.Length : i + tail;
            offset = Math.Max(identifierEnd, wordStart + 1);
            if (EndsWithPlural(text[wordStart..identifierEnd]))
            {
                continue; // max_tokens=100, credentials_count: not a secret value
            }

            i = identifierEnd;
            i = SkipSpaces(text, i);
            if (i < text.Length && text[i] is '"' or '\'')
            {
                i = SkipSpaces(text, i + 1);
            }

            if (i >= text.Length || text[i] is not ('=' or ':'))
            {
                continue;
            }

            if (text[i] == ':' && i + 2 < text.Length && text[i + 1] == '/' && text[i + 2] == '/')
            {
                continue; // "token://" is a scheme, not a value
            }

            i = SkipSpaces(text, i + 1);
            if (i >= text.Length)
            {
                return;
            }

            int valueStart;
            int valueEnd;
            if (text[i] is '"' or '\'')
            {
                char quote = text[i];
                valueStart = i + 1;
                int close = text[valueStart..].IndexOf(quote);
                valueEnd = close < 0 ? text.Length : valueStart + close;
            }
            else
            {
                valueStart = i;
                int end = text[i..].IndexOfAny(ValueEnd);
                valueEnd = end < 0 ? text.Length : i + end;
            }

            if (valueEnd > valueStart)
            {
                Add(ranges, ref count, valueStart, valueEnd);
                if (stopAtFirst)
                {
                    return;
                }
            }

            offset = Math.Max(offset, valueEnd);
        }
    }

    private static bool EndsWithPlural(ReadOnlySpan<char> identifier) =>
        identifier.EndsWith("tokens", StringComparison.OrdinalIgnoreCase) || identifier.EndsWith("count", StringComparison.OrdinalIgnoreCase);

    private static int SkipSpaces(ReadOnlySpan<char> text, int i)
    {
        while (i < text.Length && text[i] is ' ' or '\t')
        {
            i++;
        }

        return i;
    }

    private static int IndexOfKeyWord(ReadOnlySpan<char> text, out int length)
    {
#if NET9_0_OR_GREATER
        int index = text.IndexOfAny(KeyWordSearch);
        length = 0;
        if (index < 0)
        {
            return -1;
        }

        foreach (var word in KeyWords)
        {
            if (text[index..].StartsWith(word, StringComparison.OrdinalIgnoreCase))
            {
                length = Math.Max(length, word.Length);
            }
        }

        return index;
#else
        int best = -1;
        length = 0;
        foreach (var word in KeyWords)
        {
            int index = text.IndexOf(word, StringComparison.OrdinalIgnoreCase);
            if (index >= 0 && (best < 0 || index < best || (index == best && word.Length > length)))
            {
                best = index;
                length = word.Length;
            }
        }

        return best;
#endif
    }

    /// <summary><c>Bearer &lt;token&gt;</c> and <c>Basic &lt;base64&gt;</c>.</summary>
    private static void FindAuthSchemes(ReadOnlySpan<char> text, Span<Range> ranges, ref int count, bool stopAtFirst)
    {
        int offset = 0;
        while (offset < text.Length)
        {
#if NET9_0_OR_GREATER
            int hit = text[offset..].IndexOfAny(AuthSearch);
#else
            int hit = -1;
            foreach (var scheme in AuthSchemes)
            {
                int found = text[offset..].IndexOf(scheme, StringComparison.OrdinalIgnoreCase);
                if (found >= 0 && (hit < 0 || found < hit))
                {
                    hit = found;
                }
            }
#endif
            if (hit < 0)
            {
                return;
            }

            int start = offset + hit;
            int schemeLength = char.ToLowerInvariant(text[start]) == 'b' && char.ToLowerInvariant(text[start + 1]) == 'e' ? 7 : 6;
            int tokenStart = SkipSpaces(text, start + schemeLength);
            int end = text[tokenStart..].IndexOfAnyExcept(TokenChars);
            int tokenEnd = end < 0 ? text.Length : tokenStart + end;
            if (tokenEnd - tokenStart >= 8)
            {
                Add(ranges, ref count, tokenStart, tokenEnd);
                if (stopAtFirst)
                {
                    return;
                }
            }

            offset = Math.Max(tokenEnd, start + 1);
        }
    }

    /// <summary>Vendor prefixes, AWS access key ids, URL passwords and PEM private keys.</summary>
    private static void FindPrefixed(ReadOnlySpan<char> text, Span<Range> ranges, ref int count, bool stopAtFirst)
    {
        int offset = 0;
        while (offset < text.Length)
        {
            int hit = IndexOfPrefix(text[offset..], out var prefix);
            if (hit < 0)
            {
                return;
            }

            int start = offset + hit;
            int next = start + 1;
            if (prefix == "://")
            {
                next = FindUrlPassword(text, start + 3, ranges, ref count);
            }
            else if (prefix == "-----BEGIN")
            {
                int keyEnd = text[start..].IndexOf("PRIVATE KEY-----", StringComparison.Ordinal);
                if (keyEnd >= 0 && keyEnd < 200)
                {
                    int end = text[start..].IndexOf("-----END", StringComparison.Ordinal);
                    int stop = end < 0 ? text.Length : start + end;
                    int close = stop < text.Length ? text[stop..].IndexOf("KEY-----", StringComparison.Ordinal) : -1;
                    int finish = close < 0 ? text.Length : stop + close + "KEY-----".Length;
                    Add(ranges, ref count, start, finish);
                    next = finish;
                }
            }
            else if (IsWordStart(text, start))
            {
                int bodyStart = start + prefix.Length;
                int end = text[bodyStart..].IndexOfAnyExcept(TokenChars);
                int bodyEnd = end < 0 ? text.Length : bodyStart + end;
                int minBody = MinimumBody(prefix);
                if (bodyEnd - bodyStart >= minBody && (prefix != "eyJ" || text[bodyStart..bodyEnd].Count('.') >= 2))
                {
                    Add(ranges, ref count, start, bodyEnd);
                    next = bodyEnd;
                }
            }

            if (count > 0 && stopAtFirst)
            {
                return;
            }

            offset = Math.Max(next, start + 1);
        }
    }

    private static int MinimumBody(string prefix)
    {
        foreach (var id in AwsKeyIdPrefixes)
        {
            if (ReferenceEquals(id, prefix))
            {
                return AwsKeyIdLength - prefix.Length;
            }
        }

        foreach (var (candidate, minBody) in Prefixes)
        {
            if (ReferenceEquals(candidate, prefix))
            {
                return minBody;
            }
        }

        return int.MaxValue;
    }

    private static bool IsWordStart(ReadOnlySpan<char> text, int index) => index == 0 || !char.IsLetterOrDigit(text[index - 1]);

    private static int IndexOfPrefix(ReadOnlySpan<char> text, out string prefix)
    {
#if NET9_0_OR_GREATER
        int index = text.IndexOfAny(PrefixSearch);
        prefix = string.Empty;
        if (index < 0)
        {
            return -1;
        }

        var rest = text[index..];
        foreach (var (candidate, _) in Prefixes)
        {
            if (rest.StartsWith(candidate, StringComparison.Ordinal) && candidate.Length > prefix.Length)
            {
                prefix = candidate;
            }
        }

        foreach (var candidate in AwsKeyIdPrefixes)
        {
            if (rest.StartsWith(candidate, StringComparison.Ordinal))
            {
                prefix = candidate;
            }
        }

        if (rest.StartsWith("://", StringComparison.Ordinal))
        {
            prefix = "://";
        }
        else if (rest.StartsWith("-----BEGIN", StringComparison.Ordinal))
        {
            prefix = "-----BEGIN";
        }

        return index;
#else
        int best = -1;
        prefix = string.Empty;
        void Consider(ReadOnlySpan<char> span, string candidate, ref int best, ref string prefix)
        {
            int found = span.IndexOf(candidate, StringComparison.Ordinal);
            if (found >= 0 && (best < 0 || found < best || (found == best && candidate.Length > prefix.Length)))
            {
                best = found;
                prefix = candidate;
            }
        }

        foreach (var (candidate, _) in Prefixes)
        {
            Consider(text, candidate, ref best, ref prefix);
        }

        foreach (var candidate in AwsKeyIdPrefixes)
        {
            Consider(text, candidate, ref best, ref prefix);
        }

        Consider(text, "://", ref best, ref prefix);
        Consider(text, "-----BEGIN", ref best, ref prefix);
        return best;
#endif
    }

    /// <summary>The password of <c>user:password@host</c> right after <c>://</c>; returns where scanning goes on.</summary>
    private static int FindUrlPassword(ReadOnlySpan<char> text, int authorityStart, Span<Range> ranges, ref int count)
    {
        var authority = text[authorityStart..];
        int end = authority.IndexOfAny('/', ' ', '?');
        if (end >= 0)
        {
            authority = authority[..end];
        }

        int at = authority.LastIndexOf('@');
        if (at <= 0)
        {
            return authorityStart;
        }

        int colon = authority[..at].IndexOf(':');
        if (colon < 0 || colon + 1 >= at)
        {
            return authorityStart;
        }

        Add(ranges, ref count, authorityStart + colon + 1, authorityStart + at);
        return authorityStart + at;
    }

    /// <summary>Runs of exactly 40 base64 characters with upper case, lower case and digits: the shape of an AWS secret key.</summary>
    private static void FindAwsSecretShapes(ReadOnlySpan<char> text, Span<Range> ranges, ref int count, bool stopAtFirst)
    {
        int offset = 0;
        while (offset + AwsSecretLength <= text.Length)
        {
            int start = text[offset..].IndexOfAny(Base64Chars);
            if (start < 0)
            {
                return;
            }

            start += offset;
            int length = text[start..].IndexOfAnyExcept(Base64Chars);
            int end = length < 0 ? text.Length : start + length;
            if (end - start == AwsSecretLength && (end == text.Length || text[end] != '=') && IsMixed(text[start..end]))
            {
                Add(ranges, ref count, start, end);
                if (stopAtFirst)
                {
                    return;
                }
            }

            offset = end + 1;
        }
    }

    private static bool IsMixed(ReadOnlySpan<char> run)
    {
        bool upper = false, lower = false, digit = false;
        foreach (var c in run)
        {
            upper |= char.IsAsciiLetterUpper(c);
            lower |= char.IsAsciiLetterLower(c);
            digit |= char.IsAsciiDigit(c);
        }

        return upper && lower && digit;
    }
}
