using System.Buffers;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

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
/// OpenAI, Hugging Face, Shopify, PyPI, DigitalOcean tokens, signed JWTs) and PEM private keys.</item>
/// </list>
/// <para>
/// Cost (it runs over every string the logger writes): a pass looks only where a shape can start — <c>=</c> and <c>:</c>
/// for key/value pairs (then the identifier before them is checked), vectorised searches for <c>bearer </c>,
/// <c>basic </c>, <c>://</c> and <c>-----BEGIN</c>, and one table-driven scan for runs of at least 15 token characters
/// (every token shape is that long); ordinary words never reach a comparison. Nothing is allocated unless a secret is found;
/// text shorter than <see cref="MinimumLength"/> is not scanned. The first version searched 18 key words and 32 prefixes
/// everywhere with multi-string searches and cost about 10 ns per character (2 µs for a 194-character message); the figures
/// of this one are in <c>docs/reliability.md</c>.
/// </para>
/// It errs on the side of hiding: a false positive costs a value, a false negative leaks a secret.
/// </summary>
internal static class SecretRedactor
{
    /// <summary>What replaces a secret unless the caller has its own marker (the logger's key-name redaction uses the same).</summary>
    public const string DefaultMarker = "[REDACTED]";

    /// <summary>Shorter text cannot hold any recognised shape (<c>pwd=x</c> is 5).</summary>
    public const int MinimumLength = 5;

    private const int MaxRanges = 32;
    private const int AwsSecretLength = 40;
    private const int AwsKeyIdBody = 16;

    /// <summary>The shortest token shape: a Slack prefix (5) and a 10-character body.</summary>
    private const int MinimumTokenRun = 15;

    /// <summary>Identifiers are compared lower-cased on the stack; a longer one is compared by its last characters.</summary>
    private const int MaxIdentifier = 64;

    // Words that make a key secret-named (the logger's key list, plus the connection-string and header spellings), lower case.
    private static readonly string[] KeyWords =
        ["password", "passwd", "pwd", "secret", "token", "apikey", "api_key", "api-key", "authorization", "credential", "accountkey", "accesskey", "access_key", "privatekey", "private_key", "sharedaccesskey", "sessionkey", "cookie"];

    // Vendor prefixes (KnownSecretFormats of the analyzers) and the shortest token body after them.
    private static readonly (string Prefix, int MinBody)[] Prefixes =
    [
        ("ghp_", 30), ("gho_", 30), ("ghu_", 30), ("ghs_", 30), ("ghr_", 30), ("github_pat_", 40), ("glpat-", 20), ("gldt-", 20), ("glrt-", 20),
        ("xoxb-", 10), ("xoxp-", 10), ("xoxa-", 10), ("xoxr-", 10), ("xoxs-", 10), ("xoxe-", 10), ("xapp-", 10),
        ("sk_live_", 10), ("rk_live_", 10), ("sk_test_", 10), ("rk_test_", 10), ("whsec_", 20), ("AIza", 30), ("npm_", 30), ("SG.", 40),
        ("sk-ant-", 40), ("sk-proj-", 20), ("hf_", 30), ("shpat_", 32), ("pypi-AgEIcHlwaS5vcmc", 40), ("dop_v1_", 60), ("eyJ", 30),
        ("AKIA", AwsKeyIdBody), ("ASIA", AwsKeyIdBody), ("ABIA", AwsKeyIdBody), ("ACCA", AwsKeyIdBody),
    ];

    private static readonly SearchValues<char> KeyValueSeparators = SearchValues.Create("=:");
    private static readonly SearchValues<char> IdentifierChars = SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-.");
    private static readonly SearchValues<char> ValueEnd = SearchValues.Create(";,&}])\"' \t\r\n<>|");
    private static readonly SearchValues<char> AuthTokenEnd = SearchValues.Create(" \t\r\n\"',;<>)]}|");
#if NET9_0_OR_GREATER
    private static readonly SearchValues<string> AuthSchemeSearch = SearchValues.Create(["bearer ", "basic "], StringComparison.OrdinalIgnoreCase);
#endif

    // Per ASCII character: Token (letters, digits, - _ . ~ + / =), Base64 (letters, digits, + /), PrefixStart (the first
    // character of a vendor prefix).
    private const byte Token = 1;
    private const byte Base64 = 2;
    private const byte PrefixStart = 4;
    private static readonly byte[] CharClass = BuildCharClass();

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

            if (start >= position)
            {
                builder.Append(text[position..start]);
                builder.Append(marker);
            }

            // An overlapping range only widens the one just replaced.
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
        if (count == 0 || !stopAtFirst)
        {
            FindAuthSchemes(text, ranges, ref count, stopAtFirst);
        }

        if (count == 0 || !stopAtFirst)
        {
            FindUrlPasswords(text, ranges, ref count, stopAtFirst);
        }

        if (count == 0 || !stopAtFirst)
        {
            FindPrivateKeys(text, ranges, ref count);
        }

        if ((count == 0 || !stopAtFirst) && text.Length >= MinimumTokenRun)
        {
            FindTokens(text, ranges, ref count, stopAtFirst);
        }

        return count;
    }

    private static void Add(Span<Range> ranges, ref int count, int start, int end)
    {
        if (end <= start)
        {
            return;
        }

        if (count == ranges.Length)
        {
            // Out of room: widen the last range to cover this one too (still hides everything found).
            var last = ranges[count - 1];
            ranges[count - 1] = new Range(Math.Min(last.Start.Value, start), Math.Max(last.End.Value, end));
            return;
        }

        ranges[count++] = new Range(start, end);
    }

    /// <summary><c>secretName [:=] value</c>, with optional quotes around the key and the value: found from the separator back.</summary>
    private static void FindKeyValues(ReadOnlySpan<char> text, Span<Range> ranges, ref int count, bool stopAtFirst)
    {
        int offset = 0;
        while (offset < text.Length)
        {
            int hit = text[offset..].IndexOfAny(KeyValueSeparators);
            if (hit < 0)
            {
                return;
            }

            int separator = offset + hit;
            offset = separator + 1;
            if (text[separator] == ':' && text[offset..].StartsWith("//", StringComparison.Ordinal))
            {
                continue; // "token://" is a scheme, not a value
            }

            // Back over "  \"  " to the identifier: key, spaces, optional quote, spaces, separator.
            int j = SkipSpacesBack(text, separator - 1);
            if (j >= 0 && text[j] is '"' or '\'')
            {
                j = SkipSpacesBack(text, j - 1);
            }

            int identifierEnd = j + 1;
            int identifierStart = identifierEnd;
            while (identifierStart > 0 && IdentifierChars.Contains(text[identifierStart - 1]))
            {
                identifierStart--;
            }

            if (!IsSecretName(text[identifierStart..identifierEnd]))
            {
                continue;
            }

            int i = SkipSpaces(text, separator + 1);
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

    /// <summary>An identifier containing one of <see cref="KeyWords"/> (any case), but not a count of them (<c>max_tokens</c>).</summary>
    private static bool IsSecretName(ReadOnlySpan<char> identifier)
    {
        if (identifier.Length < 3)
        {
            return false;
        }

        if (identifier.Length > MaxIdentifier)
        {
            identifier = identifier[^MaxIdentifier..];
        }

        Span<char> lower = stackalloc char[MaxIdentifier];
        lower = lower[..identifier.Length];
        for (int i = 0; i < identifier.Length; i++)
        {
            lower[i] = char.ToLowerInvariant(identifier[i]);
        }

        if (lower.EndsWith("tokens", StringComparison.Ordinal) || lower.EndsWith("count", StringComparison.Ordinal))
        {
            return false; // max_tokens=100, credentials_count: not a secret value
        }

        // Only the first letters of the key words start a comparison (p, s, t, a, c).
        for (int i = 0; i <= lower.Length - 3; i++)
        {
            char c = lower[i];
            if (c is not ('p' or 's' or 't' or 'a' or 'c'))
            {
                continue;
            }

            var rest = lower[i..];
            foreach (var word in KeyWords)
            {
                if (word[0] == c && rest.StartsWith(word, StringComparison.Ordinal))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static int SkipSpaces(ReadOnlySpan<char> text, int i)
    {
        while (i < text.Length && text[i] is ' ' or '\t')
        {
            i++;
        }

        return i;
    }

    private static int SkipSpacesBack(ReadOnlySpan<char> text, int i)
    {
        while (i >= 0 && text[i] is ' ' or '\t')
        {
            i--;
        }

        return i;
    }

    /// <summary><c>Bearer &lt;token&gt;</c> or <c>Basic &lt;base64&gt;</c> (any case), the credential at least 8 characters.</summary>
    private static void FindAuthSchemes(ReadOnlySpan<char> text, Span<Range> ranges, ref int count, bool stopAtFirst)
    {
        int offset = 0;
        while (offset < text.Length)
        {
            int hit = IndexOfAuthScheme(text[offset..], out int schemeLength);
            if (hit < 0)
            {
                return;
            }

            int tokenStart = SkipSpaces(text, offset + hit + schemeLength);
            int end = text[tokenStart..].IndexOfAny(AuthTokenEnd);
            int tokenEnd = end < 0 ? text.Length : tokenStart + end;
            if (tokenEnd - tokenStart >= 8)
            {
                Add(ranges, ref count, tokenStart, tokenEnd);
                if (stopAtFirst)
                {
                    return;
                }
            }

            offset = Math.Max(tokenEnd, offset + hit + 1);
        }
    }

    private static int IndexOfAuthScheme(ReadOnlySpan<char> text, out int schemeLength)
    {
#if NET9_0_OR_GREATER
        // One vectorised pass for both schemes.
        int hit = text.IndexOfAny(AuthSchemeSearch);
        schemeLength = hit >= 0 && (text[hit] | 0x20) == 'b' && (text[hit + 1] | 0x20) == 'e' ? 7 : 6;
        return hit;
#else
        int bearer = text.IndexOf("bearer ", StringComparison.OrdinalIgnoreCase);
        int basic = text.IndexOf("basic ", StringComparison.OrdinalIgnoreCase);
        bool useBearer = bearer >= 0 && (basic < 0 || bearer < basic);
        schemeLength = useBearer ? 7 : 6;
        return useBearer ? bearer : basic;
#endif
    }

    /// <summary>The password of <c>user:password@host</c> right after <c>://</c>.</summary>
    private static void FindUrlPasswords(ReadOnlySpan<char> text, Span<Range> ranges, ref int count, bool stopAtFirst)
    {
        int offset = 0;
        while (offset < text.Length)
        {
            int hit = text[offset..].IndexOf("://", StringComparison.Ordinal);
            if (hit < 0)
            {
                return;
            }

            int authorityStart = offset + hit + 3;
            offset = authorityStart;
            var authority = text[authorityStart..];
            int end = authority.IndexOfAny('/', ' ', '?');
            if (end >= 0)
            {
                authority = authority[..end];
            }

            int at = authority.LastIndexOf('@');
            if (at <= 0)
            {
                continue;
            }

            int colon = authority[..at].IndexOf(':');
            if (colon < 0 || colon + 1 >= at)
            {
                continue;
            }

            Add(ranges, ref count, authorityStart + colon + 1, authorityStart + at);
            if (stopAtFirst)
            {
                return;
            }

            offset = authorityStart + at;
        }
    }

    /// <summary>A PEM private key, from <c>-----BEGIN … PRIVATE KEY-----</c> to its END line (or the end of the text).</summary>
    private static void FindPrivateKeys(ReadOnlySpan<char> text, Span<Range> ranges, ref int count)
    {
        int offset = 0;
        while (offset < text.Length)
        {
            int hit = text[offset..].IndexOf("-----BEGIN", StringComparison.Ordinal);
            if (hit < 0)
            {
                return;
            }

            int start = offset + hit;
            offset = start + 1;
            int keyEnd = text[start..].IndexOf("PRIVATE KEY-----", StringComparison.Ordinal);
            if (keyEnd < 0 || keyEnd >= 200)
            {
                continue;
            }

            int end = text[start..].IndexOf("-----END", StringComparison.Ordinal);
            int stop = end < 0 ? text.Length : start + end;
            int close = stop < text.Length ? text[stop..].IndexOf("KEY-----", StringComparison.Ordinal) : -1;
            int finish = close < 0 ? text.Length : stop + close + "KEY-----".Length;
            Add(ranges, ref count, start, finish);
            offset = finish;
        }
    }

    /// <summary>
    /// Runs of at least <see cref="MinimumTokenRun"/> token characters, the only place a vendor token, an AWS key id or an
    /// AWS secret key can be. Ordinary text has none: 64 characters at a time are classified with vector compares into a
    /// bitmap, and a block without 15 consecutive token characters is passed over with a few bit operations.
    /// </summary>
    private static void FindTokens(ReadOnlySpan<char> text, Span<Range> ranges, ref int count, bool stopAtFirst)
    {
        int carry = 0; // token characters at the end of the previous block: a run that may go on in this one
        for (int block = 0; block < text.Length; block += 64)
        {
            int length = Math.Min(64, text.Length - block);
            ulong valid = length == 64 ? ulong.MaxValue : (1UL << length) - 1;
            ulong tokens = TokenBitmap(text.Slice(block, length));
            ulong gaps = ~tokens & valid;
            int leading = Math.Min(BitOperations.TrailingZeroCount(gaps), length);
            int from = 0;
            if (carry > 0)
            {
                if (leading == length)
                {
                    carry += length; // the whole block continues the run
                    continue;
                }

                if (EndRun(text, block - carry, block + leading, ranges, ref count) && stopAtFirst)
                {
                    return;
                }

                from = leading;
            }

            // Bit j of `starts` is set when characters j..j+14 are all token characters: only there can a token be.
            ulong starts = LongRunStarts(tokens) & ~(from == 64 ? ulong.MaxValue : (1UL << from) - 1);
            carry = 0;
            while (starts != 0)
            {
                int j = BitOperations.TrailingZeroCount(starts);
                ulong below = gaps & ((1UL << j) - 1);
                int runStart = below == 0 ? 0 : 64 - BitOperations.LeadingZeroCount(below);
                ulong after = gaps >> j;
                if (after == 0)
                {
                    carry = length - runStart; // the run reaches the end of the block
                    break;
                }

                int runEnd = j + BitOperations.TrailingZeroCount(after);
                if (EndRun(text, block + runStart, block + runEnd, ranges, ref count) && stopAtFirst)
                {
                    return;
                }

                starts &= runEnd >= 64 ? 0 : ~((1UL << runEnd) - 1);
            }

            if (carry == 0 && (gaps >> (length - 1)) == 0 && length > 0)
            {
                // A short run at the end of the block may go on in the next one.
                carry = Math.Min(BitOperations.LeadingZeroCount(gaps) - (64 - length), length - from);
            }
        }

        if (carry > 0)
        {
            EndRun(text, text.Length - carry, text.Length, ranges, ref count);
        }
    }

    private static bool EndRun(ReadOnlySpan<char> text, int start, int end, Span<Range> ranges, ref int count)
    {
        if (end - start < MinimumTokenRun)
        {
            return false;
        }

        int before = count;
        CheckTokenRun(text, start, end, ranges, ref count);
        return count > before;
    }

    /// <summary>Bit j set when bits j..j+14 of <paramref name="tokens"/> are all set (1 + 1 + 2 + 4 + 7 = 15 by doubling).</summary>
    private static ulong LongRunStarts(ulong tokens)
    {
        ulong y = tokens;
        y &= y >> 1;
        y &= y >> 2;
        y &= y >> 4;
        y &= y >> 7;
        return y;
    }

    /// <summary>Bit i set when <paramref name="chars"/>[i] is a token character (at most 64 characters).</summary>
    private static ulong TokenBitmap(ReadOnlySpan<char> chars)
    {
        ulong bits = 0;
        int i = 0;
        if (Vector128.IsHardwareAccelerated)
        {
            ref ushort first = ref Unsafe.As<char, ushort>(ref MemoryMarshal.GetReference(chars));
            for (; i + 8 <= chars.Length; i += 8)
            {
                var v = Vector128.LoadUnsafe(ref first, (nuint)i);
                var alpha = Vector128.LessThanOrEqual((v | Vector128.Create((ushort)0x20)) - Vector128.Create((ushort)'a'), Vector128.Create((ushort)25));
                var digit = Vector128.LessThanOrEqual(v - Vector128.Create((ushort)'0'), Vector128.Create((ushort)9));
                var dashDotSlash = Vector128.LessThanOrEqual(v - Vector128.Create((ushort)'-'), Vector128.Create((ushort)2));
                var other = Vector128.Equals(v, Vector128.Create((ushort)'+')) | Vector128.Equals(v, Vector128.Create((ushort)'='))
                    | Vector128.Equals(v, Vector128.Create((ushort)'_')) | Vector128.Equals(v, Vector128.Create((ushort)'~'));
                bits |= (ulong)(alpha | digit | dashDotSlash | other).ExtractMostSignificantBits() << i;
            }
        }

        for (; i < chars.Length; i++)
        {
            char c = chars[i];
            if (c < 128 && (CharClass[c] & Token) != 0)
            {
                bits |= 1UL << i;
            }
        }

        return bits;
    }

    private static void CheckTokenRun(ReadOnlySpan<char> text, int start, int end, Span<Range> ranges, ref int count)
    {
        // Vendor prefixes at the start of a word inside the run ("token=ghp_…" is one run: '=' is a token character).
        for (int p = start; p < end - MinimumTokenRun + 1; p++)
        {
            if ((CharClass[text[p]] & PrefixStart) == 0 || (p > start && char.IsLetterOrDigit(text[p - 1])))
            {
                continue;
            }

            var rest = text[p..end];
            foreach (var (prefix, minBody) in Prefixes)
            {
                if (rest.Length - prefix.Length >= minBody && rest.StartsWith(prefix, StringComparison.Ordinal)
                    && (prefix != "eyJ" || rest.Count('.') >= 2))
                {
                    Add(ranges, ref count, p, end);
                    return;
                }
            }
        }

        if (end - start < AwsSecretLength)
        {
            return;
        }

        // Base64 runs of exactly 40 characters with upper case, lower case and digits: the shape of an AWS secret key.
        var classes = CharClass;
        int runStart = -1;
        for (int i = start; i <= end; i++)
        {
            bool base64 = i < end && (classes[text[i]] & Base64) != 0;
            if (base64)
            {
                if (runStart < 0)
                {
                    runStart = i;
                }

                continue;
            }

            if (runStart >= 0 && i - runStart == AwsSecretLength && (i == text.Length || text[i] != '=') && IsMixed(text[runStart..i]))
            {
                Add(ranges, ref count, runStart, i);
            }

            runStart = -1;
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

    private static byte[] BuildCharClass()
    {
        var classes = new byte[128];
        foreach (char c in "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/")
        {
            classes[c] = Token | Base64;
        }

        foreach (char c in "-_.~=")
        {
            classes[c] = Token;
        }

        foreach (var (prefix, _) in Prefixes)
        {
            classes[prefix[0]] |= PrefixStart;
        }

        return classes;
    }
}
