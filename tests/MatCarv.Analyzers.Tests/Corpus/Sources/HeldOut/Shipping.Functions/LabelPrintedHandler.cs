using System.Text.Json;
using Amazon.Lambda.Core;
using Amazon.Lambda.SQSEvents;
using Amazon.SecretsManager;
using Amazon.SecretsManager.Model;
using Npgsql;

[assembly: LambdaSerializer(typeof(Amazon.Lambda.Serialization.SystemTextJson.DefaultLambdaJsonSerializer))]

namespace Shipping.Functions;

public sealed class LabelPrintedHandler
{
    private static readonly string TableName = Environment.GetEnvironmentVariable("LABELS_TABLE") ?? "shipping-labels-prod"; // clean
    private static readonly string DbSecretId = Environment.GetEnvironmentVariable("DB_SECRET_ID") ?? "prod/shipping/db"; // clean -- a secret's name
    private static readonly string? PrinterApiKey = Environment.GetEnvironmentVariable("PRINTER_API_KEY"); // secret: MCV1005
    private static readonly string WebhookToken = Environment.GetEnvironmentVariable("WEBHOOK_TOKEN") ?? "SXd1qiNb9oEUDNjJS7DJWOFqc87v7kMoXD7"; // secret: MCV1005, MCV1003|MCV1005
    private static readonly string StripeKey = Environment.GetEnvironmentVariable("STRIPE_SECRET_KEY") ?? "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"; // secret: MCV1005, MCV1002|MCV1005
    private static readonly string Stage = Environment.GetEnvironmentVariable("STAGE") ?? "prod"; // clean
    private static readonly string TokenTtl = Environment.GetEnvironmentVariable("TOKEN_TTL_SECONDS") ?? "900"; // clean
    private static readonly string DefaultKeyPrefix = Environment.GetEnvironmentVariable("CACHE_KEY_PREFIX") ?? "labels:v2:"; // clean

    private readonly IAmazonSecretsManager _secrets = new AmazonSecretsManagerClient();

    public async Task<SQSBatchResponse> HandleAsync(SQSEvent sqsEvent, ILambdaContext context)
    {
        var response = new SQSBatchResponse();
        var secret = await _secrets.GetSecretValueAsync(new GetSecretValueRequest { SecretId = DbSecretId }); // clean
        var db = JsonSerializer.Deserialize<DbSecret>(secret.SecretString!)!;
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder { Host = db.Host, Username = db.Username, Password = db.Password, Database = "shipping" }.ConnectionString);
        foreach (var record in sqsEvent.Records)
        {
            context.Logger.LogInformation($"label printed {record.MessageId} on {Stage} ({TableName}, ttl {TokenTtl}, prefix {DefaultKeyPrefix})");
        }

        _ = (PrinterApiKey, WebhookToken, StripeKey);
        return response;
    }

    private sealed record DbSecret(string Host, string Username, string Password);
}
