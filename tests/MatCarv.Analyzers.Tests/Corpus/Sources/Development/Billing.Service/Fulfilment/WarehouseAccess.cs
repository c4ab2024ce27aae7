using System.Collections.Frozen;
using System.Collections.ObjectModel;
using System.Net.Http.Headers;
using System.Text;

namespace Billing.Service.Fulfilment;

/// <summary>Credentials of the warehouse partners that pick and ship paid orders, and the look-alikes kept next to them.</summary>
public static class WarehouseAccess
{
    private static readonly FrozenDictionary<string, string> WarehouseApiKeys = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        ["north-hub"] = "ihNbOfOvYMvk8UvLUOc001S01fMUDX7x", // secret: MCV1003 -- container reached through an extension call on the initializer
        ["south-hub"] = "xiBlWt2PcxWPNnqJlB1EfUM0Ct1cGlHN", // secret: MCV1003
    }.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);

    private static readonly ReadOnlyDictionary<string, string> DepotSecrets = new Dictionary<string, string>
    {
        { "depot-7", "vcbzUFzmlW8RQGiaRLjja7maZ6d8-IrgCVv3f" }, // secret: MCV1003
    }.AsReadOnly();

    private static readonly FrozenDictionary<string, string> WarehouseRegions = new Dictionary<string, string>
    {
        ["north-hub"] = "eu-north-1", // clean
        ["south-hub"] = "eu-south-2", // clean
    }.ToFrozenDictionary();

    private static readonly FrozenSet<string> RevokedTokenHashes = new[]
    {
        "480cfa3f5084a58dbc4bee60afad834208e91c5109837623318b179c4513dafd", // clean -- SHA-256 of revoked tokens
        "a65e0bab58cd79945307a41a0ffec3e65abfab449942b52c4c0501eca91593a7", // clean
    }.ToFrozenSet();

    private static readonly string[] ApiKeyFingerprints = ["d786614965ca3cd56cbab29fa3b4faf30f460bdf"]; // clean -- SHA-1 fingerprints

    private static readonly Dictionary<string, string> PasswordSalts = new() { ["legacy-portal"] = "q1Tqr5LM5CtSy3+7cLs4Rw==" }; // clean -- salts are not secrets

    public static HttpClient ParcelHub(HttpClient http)
    {
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", "45CoDkuyuJgStXqJQ9KNejugTs/d0eBf"); // secret: MCV1003 -- opaque Basic credential (not user:password)
        return http;
    }

    public static HttpClient PalletLine(HttpClient http)
    {
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", "d0JCNTNLNHFGc0RtcW5PQ2JRdFhtaURjMThEVWF6Mkw6"); // secret: MCV1003 -- base64("<api key>:"), empty password
        return http;
    }

    public static HttpClient DemoSandbox(HttpClient http, string user, string password)
    {
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}"))); // clean
        http.DefaultRequestHeaders.Add("X-Sandbox-Auth", new AuthenticationHeaderValue("Basic", "Z3Vlc3Q6Z3Vlc3Q=").ToString()); // clean -- guest:guest
        return http;
    }

    public static string? KeyFor(string warehouse) => WarehouseApiKeys.GetValueOrDefault(warehouse) ?? DepotSecrets.GetValueOrDefault(warehouse);

    public static string RegionOf(string warehouse) => WarehouseRegions[warehouse];

    public static bool IsRevoked(string tokenHash) => RevokedTokenHashes.Contains(tokenHash) || ApiKeyFingerprints.Contains(tokenHash) || PasswordSalts.ContainsKey(tokenHash);
}
