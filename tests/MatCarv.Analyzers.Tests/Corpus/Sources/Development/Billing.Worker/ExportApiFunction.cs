using System.Text.Json;
using Amazon.Lambda.APIGatewayEvents;
using Amazon.Lambda.Core;

namespace Billing.Worker;

/// <summary>Lets accounting firms download invoice exports; each firm has its own key.</summary>
public sealed class ExportApiFunction
{
    private static readonly Dictionary<string, string> FirmApiKeys = new()
    {
        { "kpmg-de", "ksqlqIIWrumXK7T_jUB-2VQV" }, // secret: MCV1003
        { "pwc-at", "mD5r2gQvne3B2PHwVeEUFNsK7gB5JOO66gv" }, // secret: MCV1003
        { "local-advisor", "fZEVP4Pr-v1fz9hW_M" }, // secret: MCV1003
    };

    private static readonly Dictionary<string, string> FirmContacts = new()
    {
        { "kpmg-de", "exports@kpmg.example" }, // clean
        { "pwc-at", "billing@pwc.example" }, // clean
    };

    private const string SftpPass = "Exp0rt-Sftp!Firm"; // secret(export-sftp): MCV1003
    private static readonly string ArchiveToken = Environment.GetEnvironmentVariable("EXPORT_ARCHIVE_TOKEN") ?? "BK7DK2X95z-lp8QAa409c3WmEBVxK5eTlgik"; // secret: MCV1005, MCV1003|MCV1005
    private static readonly string ExportFormat = Environment.GetEnvironmentVariable("EXPORT_FORMAT") ?? "DATEV"; // clean
    private static readonly string ExportPassphrase = Environment.GetEnvironmentVariable("EXPORT_ZIP_PASSPHRASE") ?? "Lantern%meadow9056"; // secret: MCV1005, MCV1003|MCV1005

    public APIGatewayHttpApiV2ProxyResponse Handle(APIGatewayHttpApiV2ProxyRequest request, ILambdaContext context)
    {
        var firm = request.PathParameters?["firm"] ?? string.Empty;
        var key = request.Headers?["x-api-key"] ?? string.Empty; // clean
        if (!FirmApiKeys.TryGetValue(firm, out var expected) || expected != key)
        {
            return new APIGatewayHttpApiV2ProxyResponse { StatusCode = 401 };
        }

        var sftp = new System.Net.NetworkCredential("exports", SftpPass); // same(export-sftp)
        context.Logger.LogInformation($"export for {firm} ({FirmContacts.GetValueOrDefault(firm)}) as {ExportFormat} via {sftp.UserName}");
        return new APIGatewayHttpApiV2ProxyResponse
        {
            StatusCode = 200,
            Body = JsonSerializer.Serialize(new { firm, archive = ArchiveToken.Length, zip = ExportPassphrase.Length }),
            Headers = new Dictionary<string, string> { ["content-type"] = "application/json" }, // clean
        };
    }

    public static string KeyForFirm(string firm) => firm switch
    {
        "kpmg-de" => "xcCkmOmKwpb4E2aD8mhCBg0HfkN", // secret: MCV1003
        "pwc-at" => Environment.GetEnvironmentVariable("PWC_EXPORT_API_KEY") ?? string.Empty, // secret: MCV1005
        _ => throw new KeyNotFoundException(firm),
    };
}
