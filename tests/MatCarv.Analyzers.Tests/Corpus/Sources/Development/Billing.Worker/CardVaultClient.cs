using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace Billing.Worker;

/// <summary>Talks to the card vault (PCI zone) over mutual TLS.</summary>
public sealed class CardVaultClient(HttpClient http)
{
    private static readonly string ClientCertPassword = "Mtls!Vault-Cl1ent"; // secret(cert-pw): MCV1003
    private static readonly byte[] DataKey = Convert.FromBase64String("qC0Pwqayqxk5fpdvY4d9UilEBJ/Mv+ruGxJKWl7lYLg="); // secret(data-key): MCV1003
    private static readonly byte[] Nonce = new byte[12];
    private static readonly string VaultNamespace = "billing/pci"; // clean
    private static readonly string VaultRoleId = "3f9c341c-729a-4abd-aedb-9420643c8c63"; // clean -- AppRole role id (public half)
    private static readonly string VaultSecretId = "24377a96-fe2c-4747-a73c-88bba95abf95"; // secret: MCV1003 -- AppRole secret id

    public static HttpClientHandler Handler()
    {
        var handler = new HttpClientHandler();
        handler.ClientCertificates.Add(X509CertificateLoader.LoadPkcs12FromFile("/opt/certs/vault-client.pfx", ClientCertPassword)); // same(cert-pw)
        return handler;
    }

    public async Task<string> TokenizeAsync(string pan)
    {
        using var aes = new AesGcm(DataKey, 16); // same(data-key)
        var cipher = new byte[pan.Length];
        var tag = new byte[16];
        aes.Encrypt(Nonce, Encoding.ASCII.GetBytes(pan), cipher, tag);
        using var request = new HttpRequestMessage(HttpMethod.Post, "v1/tokenize") { Content = new ByteArrayContent(cipher) };
        request.Headers.Add("X-Vault-Namespace", VaultNamespace);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "hvs.vR6eejYHOIUsZELBI1qSyRKWqF_HvAc-erjyFJzqPAeJ4zJ9I2AmKt-TmKfLNOlHXBk8m_QOGJsJBv4VPxi6Rh"); // secret: MCV1002|MCV1003 -- a HashiCorp Vault service token
        using var response = await http.SendAsync(request);
        return await response.Content.ReadAsStringAsync();
    }

    public static string AppRoleLogin() => $"{{\"role_id\":\"{VaultRoleId}\",\"secret_id\":\"{VaultSecretId}\"}}";

    public static string TestCardToken => "tok_visa"; // clean -- Stripe's documented test token
}
