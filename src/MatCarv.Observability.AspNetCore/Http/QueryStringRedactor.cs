using System.Text;

namespace MatCarv.Observability.AspNetCore.Http;

/// <summary>
/// <c>url.query</c> with the values of credential-like parameters replaced by <c>REDACTED</c> (semantic conventions: the
/// query is recorded "with sensitive content redacted"; X-Ray stores the URL in the segment for anyone with trace access).
/// The query is returned unchanged, without allocating a new string, when nothing needs redacting.
/// </summary>
internal sealed class QueryStringRedactor
{
    public const string Marker = "REDACTED";

    // Named by the HTTP semantic conventions (url.query).
    private static readonly string[] ConventionNames = ["AWSAccessKeyId", "Signature", "sig", "X-Goog-Signature"];

    // Substrings of a parameter name (lowercase, separators removed) that mark a credential.
    private static readonly string[] CredentialWords = ["token", "password", "passwd", "secret", "signature", "credential", "apikey", "accesskey"];

    private readonly string[] _names;

    public QueryStringRedactor(IEnumerable<string> extraNames)
    {
        _names = ConventionNames.Concat(extraNames).Where(n => !string.IsNullOrEmpty(n)).Distinct(StringComparer.OrdinalIgnoreCase).ToArray();
    }

    /// <summary>The query without its leading <c>?</c>, redacted; null for an empty query.</summary>
    public string? Redact(string? query)
    {
        if (string.IsNullOrEmpty(query) || query == "?")
        {
            return null;
        }

        var text = query[0] == '?' ? query.AsSpan(1) : query.AsSpan();
        if (!NeedsRedaction(text))
        {
            return query[0] == '?' ? query[1..] : query;
        }

        var builder = new StringBuilder(text.Length);
        var rest = text;
        while (true)
        {
            int amp = rest.IndexOf('&');
            var pair = amp < 0 ? rest : rest[..amp];
            int equals = pair.IndexOf('=');
            if (equals > 0 && IsSensitive(pair[..equals]))
            {
                builder.Append(pair[..(equals + 1)]).Append(Marker);
            }
            else
            {
                builder.Append(pair);
            }

            if (amp < 0)
            {
                return builder.ToString();
            }

            builder.Append('&');
            rest = rest[(amp + 1)..];
        }
    }

    private bool NeedsRedaction(ReadOnlySpan<char> query)
    {
        var rest = query;
        while (true)
        {
            int amp = rest.IndexOf('&');
            var pair = amp < 0 ? rest : rest[..amp];
            int equals = pair.IndexOf('=');
            if (equals > 0 && IsSensitive(pair[..equals]))
            {
                return true;
            }

            if (amp < 0)
            {
                return false;
            }

            rest = rest[(amp + 1)..];
        }
    }

    private bool IsSensitive(ReadOnlySpan<char> name)
    {
        // Parameter names may be percent-encoded; credential names practically never are, so the raw name is compared.
        foreach (var listed in _names)
        {
            if (name.Equals(listed, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        Span<char> normalized = name.Length <= 128 ? stackalloc char[name.Length] : new char[name.Length];
        int length = 0;
        foreach (var c in name)
        {
            if (c is not ('_' or '-' or '.'))
            {
                normalized[length++] = char.ToLowerInvariant(c);
            }
        }

        var word = normalized[..length];
        foreach (var credential in CredentialWords)
        {
            if (word.Contains(credential, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }
}
