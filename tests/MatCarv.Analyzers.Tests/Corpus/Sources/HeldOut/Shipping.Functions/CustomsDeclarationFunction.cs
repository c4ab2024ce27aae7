using Amazon.Lambda.Core;
using Amazon.Lambda.SQSEvents;
using Dapper;
using MySqlConnector;

namespace Shipping.Functions;

public sealed record CustomsPortalConfig(string Endpoint, string User, string Password, string Certificate);

/// <summary>Files customs declarations for non-EU parcels.</summary>
public sealed class CustomsDeclarationFunction(HttpClient http)
{
    private static readonly CustomsPortalConfig Portal = new(
        "https://customs-portal.example.gov/api/v3", // clean
        "SHIP-EXPORTER-0042", // clean
        "Cust0ms!Exp-6614", // secret(portal): MCV1003
        "/opt/certs/customs-client.pfx"); // clean

    private static readonly CustomsPortalConfig Sandbox = Portal with { Endpoint = "https://sandbox.customs-portal.example.gov/api/v3", Password = "Sbx-Cust0ms!22" }; // secret: MCV1003

    private const string TariffDb = "Server=tariff-db.internal.example-corp.net;Port=3306;User ID=tariff_ro;Password=T4r1ff-R0!db;Database=tariffs"; // secret(tariff-db): MCV1004

    private const string PfxPassword = "Pfx!Cust-Exp0rt-5"; // secret(pfx): MCV1003

    public async Task HandleAsync(SQSEvent sqsEvent, ILambdaContext context)
    {
        await using var db = new MySqlConnection(TariffDb); // same(tariff-db)
        foreach (var message in sqsEvent.Records)
        {
            var rate = await db.ExecuteScalarAsync<decimal>("SELECT rate FROM tariffs WHERE hs_code = @code", new { code = message.Body }); // clean
            context.Logger.LogInformation($"declared {message.MessageId} at {rate}");
        }

        using var certificate = System.Security.Cryptography.X509Certificates.X509CertificateLoader.LoadPkcs12FromFile(Portal.Certificate, PfxPassword); // same(pfx)
        using var request = new HttpRequestMessage(HttpMethod.Post, Portal.Endpoint);
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Basic", Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"{Portal.User}:{Portal.Password}"))); // same(portal) -- the hard-coded portal password flows here
        await http.SendAsync(request);
        _ = Sandbox;
    }
}
