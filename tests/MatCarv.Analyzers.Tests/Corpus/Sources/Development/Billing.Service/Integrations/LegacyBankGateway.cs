using System.Net;
using System.Text;

namespace Billing.Service.Integrations;

/// <summary>The old bank gateway: SOAP over HTTPS, statement files over FTPS.</summary>
public sealed class LegacyBankGateway
{
    private static readonly Uri Endpoint = new("https://gateway.bank-partner.example.com/soap/v1/payments"); // clean
    private static readonly Uri StatementsFtp = new("ftps://billing:Ftp$-St4tements!@files.bank-partner.example.com/out/"); // secret: MCV1004
    private static readonly Uri PublicMirror = new("https://anonymous@files.bank-partner.example.com/public/"); // clean -- user without password
    private static readonly Uri SameUserPassword = new("https://billing:billing@sandbox.bank-partner.example.com/"); // clean -- password equals the user name

    private const string SoapEnvelope = """
        <soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/">
          <soap:Header>
            <wsse:Security><wsse:UsernameToken><wsse:Username>EXAMPLECORP_BILLING</wsse:Username><wsse:Password>B4nk-S0ap!Gw-91</wsse:Password></wsse:UsernameToken></wsse:Security>
          </soap:Header>
          <soap:Body>{0}</soap:Body>
        </soap:Envelope>
        """; // secret: MCV1003|MCV1004 -- a WS-Security password in an XML template

    private const string SoapTemplate = "<wsse:Password>{password}</wsse:Password>"; // clean -- template

    public static HttpRequestMessage Payment(string body) => new(HttpMethod.Post, Endpoint)
    {
        Content = new StringContent(string.Format(System.Globalization.CultureInfo.InvariantCulture, SoapEnvelope, body), Encoding.UTF8, "text/xml"),
    };

    public static WebClient Ftp()
    {
#pragma warning disable SYSLIB0014 // the bank's FTPS endpoint predates HttpClient support
        return new WebClient { Credentials = new NetworkCredential("billing", "Ftp$-St4tements!") }; // secret: MCV1003
#pragma warning restore SYSLIB0014
    }

    public static IReadOnlyList<Uri> Endpoints => [Endpoint, StatementsFtp, PublicMirror, SameUserPassword];

    public static string Template => SoapTemplate;

    public static Dictionary<string, string> BankHeaders() => new()
    {
        ["X-Bank-Client-Id"] = "EXAMPLECORP-0042", // clean
        ["X-Bank-Client-Secret"] = "iIyQlq2U8gvDPIclBvMFH287D", // secret: MCV1003
        ["X-Bank-Signature-Alg"] = "RSA-SHA256", // clean
        ["X-Bank-Api-Key"] = "11cea52de831d3565255503c1025bb23dbbee753", // secret: MCV1003
        ["X-Correlation-Id"] = "e016944d-9ccd-4805-8e29-aeed49e02d9f", // clean
    };
}
