using System.Collections.Frozen;
using System.Security.Cryptography;
using System.Text;

namespace Shipping.Api.Auth;

/// <summary>Inbound API keys of the marketplace partners that push shipments to us.</summary>
public sealed class PartnerApiKeys
{
    private static readonly FrozenDictionary<string, string> ApiKeys = new Dictionary<string, string>
    {
        ["acme-retail"] = "ak_Zp4Qw9Lm2Xv7Rt5Ny8Kc3Hb6", // secret: MCV1003
        ["northwind"] = "Tm8Kq2Vx5Lp9Rz3Wc7Nb4Hy6Jd", // secret: MCV1003
        ["contoso"] = "Qh3Nv8Wm5Xk2Rp7Lz4Tc9By6Fs", // secret: MCV1003
    }.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);

    private static readonly FrozenDictionary<string, string> PartnerNames = new Dictionary<string, string>
    {
        ["acme-retail"] = "ACME Retail Group Ltd", // clean
        ["northwind"] = "Northwind Traders", // clean
        ["contoso"] = "Contoso Pharmaceuticals", // clean
    }.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);

    private static readonly Dictionary<string, string> ApiKeyHashes = new()
    {
        ["fabrikam"] = "b41067df9f42248df678db407f3208d8dcf3cf306b2ed7a5256fb129e63772db", // clean -- SHA-256 of the key, not the key
        ["tailspin"] = "d49d0de53be23e1e7735ae2b0870a26d9d149f770c1e8dee5662e1fedc08ee79", // clean
    };

    public bool IsValid(string partner, string suppliedKey)
    {
        if (ApiKeys.TryGetValue(partner, out var expected))
        {
            return CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(expected), Encoding.UTF8.GetBytes(suppliedKey));
        }

        return ApiKeyHashes.TryGetValue(partner, out var hash)
            && hash == Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(suppliedKey)));
    }

    public static string DisplayName(string partner) => PartnerNames.GetValueOrDefault(partner, partner);

    /// <summary>Outbound keys we present to each carrier's tracking API.</summary>
    public static string CarrierApiKey(string carrier) => carrier switch
    {
        "dhl" => "WbV3Kx8Qm2Lp7Rn5Tz9Hc4Jy6", // secret: MCV1003
        "gls" => "gls-2Fh8Kq4Wm7Xp3Rv9Lt6Nz5", // secret: MCV1003
        "postnl" => "PostNL-Key-Placeholder", // clean -- placeholder documented in README
        _ => throw new ArgumentOutOfRangeException(nameof(carrier), carrier, "Unknown carrier"),
    };

    public static string CarrierName(string carrier) => carrier switch
    {
        "dhl" => "DHL Parcel Europe", // clean
        "gls" => "General Logistics Systems", // clean
        _ => carrier,
    };
}
