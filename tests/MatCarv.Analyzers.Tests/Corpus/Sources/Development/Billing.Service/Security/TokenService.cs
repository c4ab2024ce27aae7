using System.IdentityModel.Tokens.Jwt;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Microsoft.IdentityModel.Tokens;

namespace Billing.Service.Security;

public sealed class TokenService
{
    private const string Issuer = "https://billing.example-corp.net"; // clean
    private const string HmacSecret = "1yI80nOpSm8zn8zFc6JjkVzSkjFZLkAZAoPC"; // secret(tok-hmac): MCV1003
    private static readonly SymmetricSecurityKey PortalKey = new(Encoding.ASCII.GetBytes(HmacSecret)); // same(tok-hmac)
    private static readonly byte[] ReceiptKey = [0x4f, 0x1a, 0x9c, 0x27, 0xd3, 0x88, 0x5e, 0x01, 0xb6, 0x73, 0x2f, 0xe4, 0x90, 0x15, 0xca, 0x6d]; // secret(receipt-key): MCV1003 -- an AES key as a byte array
    private static readonly byte[] PublicExponent = [0x01, 0x00, 0x01]; // clean -- RSA public exponent 65537

    public string IssuePortalToken(string customerId)
    {
        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Subject = new ClaimsIdentity([new Claim("sub", customerId)]),
            Expires = DateTime.UtcNow.AddMinutes(30),
            SigningCredentials = new SigningCredentials(PortalKey, SecurityAlgorithms.HmacSha256),
        };
        return new JwtSecurityTokenHandler().CreateEncodedJwt(descriptor);
    }

    public static TokenValidationParameters Validation() => new()
    {
        ValidIssuer = Issuer,
        IssuerSigningKeys =
        [
            PortalKey,
            new SymmetricSecurityKey(Encoding.UTF8.GetBytes("fA-Z76TNl4GFwfkfkaHUvBpMVjG")), // secret: MCV1003 -- previous key kept for rotation
        ],
        TokenDecryptionKey = new SymmetricSecurityKey(Convert.FromBase64String("eVz456NGV/Zk6433zduzdWzeWdM8ft67pIEZmul5LOA=")), // secret: MCV1003
    };

    public static byte[] EncryptReceipt(byte[] plain)
    {
        using var aes = Aes.Create();
        aes.Key = ReceiptKey; // same(receipt-key)
        aes.IV = new byte[16];
        return aes.EncryptCbc(plain, aes.IV);
    }

    public static string HashCardFingerprint(string pan)
    {
        using var hmac = new HMACSHA256(Encoding.UTF8.GetBytes("fp-salt-fYQll0YLhd9gTGR42v")); // secret: MCV1003 -- an HMAC key
        return Convert.ToHexString(hmac.ComputeHash(Encoding.UTF8.GetBytes(pan)));
    }

    public static byte[] DeriveKey(string password, byte[] salt) => Rfc2898DeriveBytes.Pbkdf2(password, salt, 600_000, HashAlgorithmName.SHA256, 32); // clean

    public static string Md5OfEmpty => "d41d8cd98f00b204e9800998ecf8427e"; // clean -- MD5 of the empty string

    public static string KnownGoodJwt => "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJzaGlwcGluZy13b3JrZXIiLCJpc3MiOiJodHRwczovL2F1dGguaW50ZXJuYWwuZXhhbXBsZS1jb3JwLm5ldCIsInNjb3BlIjoib3JkZXJzOndyaXRlIiwiaWF0IjoxNzQwNjM4MzE0fQ.DqB6QBsOl_UxoM--8ScnltG3vgttNN4Dv6Mi0shEUrk"; // secret: MCV1002 -- a signed token is a bearer credential

    public static string UnsignedSample => "eyJhbGciOiJub25lIiwidHlwIjoiSldUIn0.eyJzdWIiOiJ0ZXN0LXVzZXIiLCJyb2xlIjoicmVhZGVyIn0."; // clean

    public static RSA PartnerVerificationKey()
    {
        var rsa = RSA.Create();
        rsa.ImportFromPem("""
            -----BEGIN PUBLIC KEY-----
            MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAumu0nV2A6/IRni9CBAkh
            PFcWtf7KwUJoOwJ2hWRVBMWGn3cY16ux3fhEd5sWguiwfD32fh0NPkUvdrPNMNUm
            n7swjEu63rT1ffHVl1id2nHBmmSENdvtMHEg/PKb8bqsq8ZOolK83ISTEWsepQfh
            WWa1ZBkqHJg7iZYlQceaYBPet5u3atovNZHLlDNrW7bHAwSSepYSvvCuGP4GwHpy
            YYUljZewBETJh3I/aj3GJGFYwynHKGDGj/IxkzxcJIbSAnCIyJCjjieoV7XVoZYA
            2ZepFF5/t8mnmClJog2VV6QUWS2boSY2M61r9fwXqxnhgS+LxayJA2CRB+Jpqw88
            4QIDAQAB
            -----END PUBLIC KEY-----
            """); // clean -- public key
        return rsa;
    }

    public static byte[] Exponent => PublicExponent;
}
