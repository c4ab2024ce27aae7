using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace MatCarv.HealthEvents.Tests.Infrastructure;

/// <summary>
/// An independent SigV4 implementation (AWS General Reference, "Create a signed AWS API request"), written from the
/// algorithm rather than by calling AWSSDK.Core, so the fake endpoint can tell a correct signature from a wrong one.
/// </summary>
internal static class SigV4Verifier
{
    public const string Algorithm = "AWS4-HMAC-SHA256";

    public static string ComputeSignature(
        string method,
        string canonicalPath,
        string canonicalQuery,
        IReadOnlyList<KeyValuePair<string, string>> signedHeaders,
        byte[] body,
        string amzDate,
        string region,
        string service,
        string secretKey)
    {
        var ordered = signedHeaders.Select(h => new KeyValuePair<string, string>(h.Key.ToLowerInvariant(), CanonicalValue(h.Value)))
            .OrderBy(h => h.Key, StringComparer.Ordinal).ToList();
        var canonicalHeaders = string.Concat(ordered.Select(h => h.Key + ":" + h.Value + "\n"));
        var signedHeaderNames = string.Join(';', ordered.Select(h => h.Key));
        var canonicalRequest = string.Join('\n', method, canonicalPath, canonicalQuery, canonicalHeaders, signedHeaderNames, Hex(SHA256.HashData(body)));
        var date = amzDate[..8];
        var scope = $"{date}/{region}/{service}/aws4_request";
        var stringToSign = string.Join('\n', Algorithm, amzDate, scope, Hex(SHA256.HashData(Encoding.UTF8.GetBytes(canonicalRequest))));
        var key = Hmac(Encoding.UTF8.GetBytes("AWS4" + secretKey), date);
        key = Hmac(key, region);
        key = Hmac(key, service);
        key = Hmac(key, "aws4_request");
        return Hex(Hmac(key, stringToSign));
    }

    /// <summary>Parses <c>AWS4-HMAC-SHA256 Credential=…, SignedHeaders=…, Signature=…</c>.</summary>
    public static bool TryParseAuthorization(string? header, out string credential, out string[] signedHeaders, out string signature)
    {
        credential = string.Empty;
        signedHeaders = [];
        signature = string.Empty;
        if (header is null || !header.StartsWith(Algorithm + " ", StringComparison.Ordinal))
        {
            return false;
        }

        foreach (var part in header[(Algorithm.Length + 1)..].Split(',', StringSplitOptions.TrimEntries))
        {
            var eq = part.IndexOf('=');
            if (eq < 0)
            {
                return false;
            }

            var value = part[(eq + 1)..];
            switch (part[..eq])
            {
                case "Credential": credential = value; break;
                case "SignedHeaders": signedHeaders = value.Split(';'); break;
                case "Signature": signature = value; break;
            }
        }

        return credential.Length > 0 && signedHeaders.Length > 0 && signature.Length == 64;
    }

    public static DateTime ParseAmzDate(string value) =>
        DateTime.ParseExact(value, "yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);

    public static string Hex(byte[] bytes) => Convert.ToHexString(bytes).ToLowerInvariant();

    private static byte[] Hmac(byte[] key, string data) => HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(data));

    private static string CanonicalValue(string value)
    {
        var builder = new StringBuilder(value.Length);
        bool space = false;
        foreach (var c in value.Trim())
        {
            if (c == ' ')
            {
                if (!space)
                {
                    builder.Append(c);
                }

                space = true;
            }
            else
            {
                builder.Append(c);
                space = false;
            }
        }

        return builder.ToString();
    }
}
