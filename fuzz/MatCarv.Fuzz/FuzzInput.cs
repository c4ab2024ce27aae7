using System.Text;

namespace MatCarv.Fuzz;

/// <summary>
/// Turns fuzzer bytes into the text fields a target needs. The first byte picks the decoding: even, UTF-8 (what arrives
/// in headers and environment variables); odd, UTF-16 code units (what arrives from .NET strings: lone surrogates
/// included). Fields are separated by U+001E (record separator), so seeds stay readable text files.
/// </summary>
public static class FuzzInput
{
    public const char Separator = '\u001e';

    public static string Text(ReadOnlySpan<byte> data)
    {
        if (data.IsEmpty)
        {
            return string.Empty;
        }

        var rest = data[1..];
        if ((data[0] & 1) == 0)
        {
            return Encoding.UTF8.GetString(rest);
        }

        var chars = new char[rest.Length / 2];
        for (int i = 0; i < chars.Length; i++)
        {
            chars[i] = (char)(rest[2 * i] | (rest[(2 * i) + 1] << 8));
        }

        return new string(chars);
    }

    public static string[] Fields(ReadOnlySpan<byte> data) => Text(data).Split(Separator);

    public static string? Field(string[] fields, int index) => index < fields.Length ? fields[index] : null;
}
