namespace MatCarv.Analyzers.Internals.Secrets;

/// <summary>
/// The checksum GitHub and npm put in their tokens: the last 6 characters are the CRC-32 (IEEE 802.3) of the 30 random
/// characters before them, in base62 (0-9, A-Z, a-z), left-padded with '0'
/// (github.blog/2021-04-05-behind-githubs-new-authentication-token-formats; npm adopted the same format,
/// github.blog/2021-09-23-announcing-npms-new-access-token-format). A value with the prefix but a wrong checksum was not
/// issued by GitHub or npm (a made-up or truncated example), so it is not reported as their token.
/// </summary>
internal static class TokenChecksums
{
    private const string Base62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    private static readonly uint[] Table = BuildTable();

    /// <summary>Whether "prefix_" + 30 random + 6 checksum characters carries a valid checksum.</summary>
    public static bool HasValidCrc32(string token)
    {
        var underscore = token.LastIndexOf('_');
        if (underscore < 0 || token.Length - underscore - 1 != 36)
        {
            return false;
        }

        var random = token.Substring(underscore + 1, 30);
        var checksum = token.Substring(underscore + 31, 6);
        return string.Equals(ToBase62(Crc32(random)), checksum, System.StringComparison.Ordinal);
    }

    public static uint Crc32(string ascii)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var c in ascii)
        {
            crc = Table[(crc ^ (byte)c) & 0xFF] ^ (crc >> 8);
        }

        return crc ^ 0xFFFFFFFFu;
    }

    public static string ToBase62(uint value)
    {
        var chars = new char[6];
        for (var i = 5; i >= 0; i--)
        {
            chars[i] = Base62[(int)(value % 62)];
            value /= 62;
        }

        return new string(chars);
    }

    private static uint[] BuildTable()
    {
        var table = new uint[256];
        for (uint n = 0; n < 256; n++)
        {
            var c = n;
            for (var k = 0; k < 8; k++)
            {
                c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            }

            table[n] = c;
        }

        return table;
    }
}
