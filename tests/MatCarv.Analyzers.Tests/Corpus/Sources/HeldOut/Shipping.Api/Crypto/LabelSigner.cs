using System.IdentityModel.Tokens.Jwt;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Microsoft.IdentityModel.Tokens;

namespace Shipping.Api.Crypto;

/// <summary>Signs label download links and carrier callbacks.</summary>
public static class LabelSigner
{
    private static readonly byte[] LinkKey = Convert.FromBase64String("wvoG9zeTlsQvsItsbjjjPM3/xpRdWmb4y7hnMhwxxEk="); // secret(link-key): MCV1003
    private static readonly byte[] CallbackKey = Encoding.UTF8.GetBytes("6B6JJ1ngy-Um40Z5Z0LbaAU4h4"); // secret(callback-key): MCV1003
    private const string PublicVerificationKey = "-----BEGIN PUBLIC KEY-----\nMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEvXLf3xwzyVFpUagzTieaMYIQBVmo\ncCCt31I7ujoSk+IL6WvoWgxLvR7iKALYI7/gFzq8sxB/W3pbMEotY7eq7Q==\n-----END PUBLIC KEY-----"; // clean -- public key
    private const string KeyThumbprint = "bab1c302377dbcdcfd6f37d88b942519bbc95b32"; // clean -- certificate thumbprint

    public static string SignLink(string labelId, DateTimeOffset expires)
    {
        var payload = $"{labelId}:{expires.ToUnixTimeSeconds()}";
        var mac = HMACSHA256.HashData(LinkKey, Encoding.UTF8.GetBytes(payload)); // same(link-key)
        return Convert.ToBase64String(mac);
    }

    public static bool VerifyCallback(string body, string signature)
    {
        using var hmac = new HMACSHA256(CallbackKey); // same(callback-key)
        var expected = Convert.ToHexStringLower(hmac.ComputeHash(Encoding.UTF8.GetBytes(body)));
        return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(signature));
    }

    public static bool VerifyPartnerSignature(string body, string signature)
    {
        using var hmac = new HMACSHA512(Encoding.UTF8.GetBytes("wn_9Zlc3dzIUzFDrdZYgQU1hTY")); // secret: MCV1003
        return Convert.ToBase64String(hmac.ComputeHash(Encoding.UTF8.GetBytes(body))) == signature;
    }

    public static byte[] EncryptCustomsData(byte[] plaintext)
    {
        using var aes = Aes.Create();
        aes.Key = Convert.FromHexString("1e2e9273a71b94b9f841fe090fa704cca35a5e95c1bea2e2d690cbad1c1193f7"); // secret: MCV1003
        aes.GenerateIV();
        return aes.EncryptCbc(plaintext, aes.IV);
    }

    public static byte[] DecryptArchive(byte[] ciphertext, byte[] iv)
    {
        var key = Encoding.UTF8.GetBytes("N3qCJrpJf1OPjR_P-i"); // secret(archive-key): MCV1003
        using var aes = Aes.Create();
        aes.Key = key; // same(archive-key)
        return aes.DecryptCbc(ciphertext, iv);
    }

    public static string IssueDriverToken(string driverId)
    {
        var key = new SymmetricSecurityKey(Encoding.UTF8.GetBytes("PuBabUq1qb0kwXcdZ_fLtK2FaQdmlq_NZw")); // secret: MCV1003
        var credentials = new SigningCredentials(key, SecurityAlgorithms.HmacSha256);
        var token = new JwtSecurityToken(
            issuer: "https://login.shipping.example-corp.net", // clean
            audience: "driver-app",
            claims: [new Claim(JwtRegisteredClaimNames.Sub, driverId)],
            expires: DateTime.UtcNow.AddHours(8),
            signingCredentials: credentials);
        return new JwtSecurityTokenHandler().WriteToken(token);
    }

    public static byte[] Sha256(string value) => SHA256.HashData(Encoding.UTF8.GetBytes(value));

    public static string EmptyBodySha256 => "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"; // clean -- SHA-256 of the empty string

    public static bool IsKnownThumbprint(string thumbprint) => thumbprint == KeyThumbprint;

    public static ECDsa VerificationKey()
    {
        var ecdsa = ECDsa.Create();
        ecdsa.ImportFromPem(PublicVerificationKey);
        return ecdsa;
    }
}
