using System.Net.Http.Headers;
using System.Text.Json;
using Amazon;
using Amazon.Lambda.Core;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using Amazon.SimpleSystemsManagement;
using Amazon.SimpleSystemsManagement.Model;

[assembly: LambdaSerializer(typeof(Amazon.Lambda.Serialization.SystemTextJson.DefaultLambdaJsonSerializer))]

namespace Billing.Worker;

public sealed record InvoiceRunRequest(string Period, bool DryRun);

/// <summary>Monthly invoice run, triggered by an EventBridge schedule.</summary>
public sealed class InvoiceRunFunction
{
    private static readonly AmazonSimpleSystemsManagementClient Ssm = new(); // clean -- execution role
    private static readonly AmazonS3Client Archive = new(new BasicAWSCredentials("AKIAK2JL3CH7Q3737MFW", "NzvWJ5CagG3Ut+QSJ9Zd9NHXFU7HhRM4T6QUDZpo"), RegionEndpoint.EUCentral1); // secret: MCV1001
    private static readonly string ArchiveBucket = Environment.GetEnvironmentVariable("ARCHIVE_BUCKET") ?? "billing-invoice-archive-prod"; // clean
    private static readonly string PartnerToken = Environment.GetEnvironmentVariable("PARTNER_API_TOKEN") ?? string.Empty; // secret: MCV1005
    private static readonly string? LedgerPassword = Environment.GetEnvironmentVariable("LEDGER_DB_PASSWORD"); // secret: MCV1005
    private static readonly string? ErpClientSecret = Environment.GetEnvironmentVariable("ERP_OAUTH_CLIENT_SECRET"); // secret: MCV1005
    private static readonly string? GitHubToken = Environment.GetEnvironmentVariable("GH_TOKEN"); // secret: MCV1005
    private static readonly string? SecretArn = Environment.GetEnvironmentVariable("LEDGER_DB_SECRET_ARN"); // clean
    private static readonly string? KeyAlias = Environment.GetEnvironmentVariable("INVOICE_KMS_KEY_ALIAS"); // clean
    private static readonly string? PasswordlessLogin = Environment.GetEnvironmentVariable("ENABLE_PASSWORDLESS_LOGIN"); // clean
    private static readonly string? TokenEndpoint = Environment.GetEnvironmentVariable("ERP_TOKEN_ENDPOINT"); // clean
    private static readonly string? Tracing = Environment.GetEnvironmentVariable("_X_AMZN_TRACE_ID"); // clean

    public async Task<string> HandleAsync(InvoiceRunRequest request, ILambdaContext context)
    {
        var parameter = await Ssm.GetParameterAsync(new GetParameterRequest { Name = "/billing/prod/erp/client-secret", WithDecryption = true }); // clean
        using var http = new HttpClient();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", parameter.Parameter.Value); // clean -- from Parameter Store
        http.DefaultRequestHeaders.Add("X-Partner-Token", PartnerToken); // clean -- from the environment (the read is the finding)
        var body = JsonSerializer.Serialize(request);
        await Archive.PutObjectAsync(new PutObjectRequest { BucketName = ArchiveBucket, Key = $"runs/{request.Period}.json", ContentBody = body });
        context.Logger.LogInformation($"invoice run {request.Period} dry={request.DryRun} ({SecretArn}, {KeyAlias}, {PasswordlessLogin}, {TokenEndpoint}, {Tracing}, {LedgerPassword is null}, {ErpClientSecret is null}, {GitHubToken is null})");
        return "ok";
    }
}
