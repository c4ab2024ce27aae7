using Microsoft.Extensions.Configuration;

namespace MatCarv.Samples.AnalyzerShowcase;

/// <summary>MCV1001–MCV1005. The values are random, generated for this sample: none is a real credential.</summary>
internal sealed class SecretsShowcase
{
    // MCV1001: AWS access key id.
    private const string AccessKeyId = "AKIA454ML6LG4TJFCZ4K";

    // MCV1002: GitHub token and Stripe live key.
    private const string GitHubToken = "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";
    private const string StripeKey = "sk_live_n6QMfStFUWSus4jowQUux6hu";

    // MCV1003: password in a secret-named field; a key known by the API it is given to (reported once, at the literal).
    private const string DbPassword = "Tr0ub4dor&3x";
    private const string Material = "fd9bMiBTpVEHl2pY-h_XQK-JCuZz8vSE";

    // MCV1004: password inside a connection string.
    private const string OrdersDb = "Host=pg.internal;Username=app;Password=uLdZo-MfX1MkBHo1;Database=orders";

    // Not reported: placeholder, documentation example, reference, message.
    private const string TemplatePassword = "${DB_PASSWORD}";
    private const string DocumentationKey = "AKIAIOSFODNN7EXAMPLE";
    private const string DbSecretArn = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:prod/orders/db-AbCdEf";
    private const string PasswordRequired = "Password is required";

    public static string[] All() => [AccessKeyId, GitHubToken, StripeKey, DbPassword, OrdersDb, TemplatePassword, DocumentationKey, DbSecretArn, PasswordRequired];

    public static byte[] Sign(byte[] payload)
    {
        using var hmac = new System.Security.Cryptography.HMACSHA256(System.Text.Encoding.UTF8.GetBytes(Material));
        return hmac.ComputeHash(payload);
    }

    // MCV1005: a secret read from the environment. The configuration read is not reported by default (the standard backs
    // IConfiguration with AWS Secrets Manager; opt in with dotnet_code_quality.MCV1005.include_configuration = true).
    public static (string?, string?) Read(IConfiguration configuration) =>
        (Environment.GetEnvironmentVariable("STRIPE_SECRET_KEY"), configuration["Jwt:SigningKey"]);
}
