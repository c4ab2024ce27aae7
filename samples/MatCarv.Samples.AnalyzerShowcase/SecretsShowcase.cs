using Microsoft.Extensions.Configuration;

namespace MatCarv.Samples.AnalyzerShowcase;

/// <summary>MCV1001–MCV1005. The values are random, generated for this sample: none is a real credential.</summary>
internal sealed class SecretsShowcase
{
    // MCV1001: AWS access key id.
    private const string AccessKeyId = "AKIA454ML6LG4TJFCZ4K";

    // MCV1002: GitHub token and Stripe live key.
    private const string GitHubToken = "ghp_609xhTGOWvGR1mZeEgbcWJNG5KEjmlhnl1ks";
    private const string StripeKey = "sk_live_n6QMfStFUWSus4jowQUux6hu";

    // MCV1003: password in a secret-named field.
    private const string DbPassword = "Tr0ub4dor&3x";

    // MCV1004: password inside a connection string.
    private const string OrdersDb = "Host=pg.internal;Username=app;Password=uLdZo-MfX1MkBHo1;Database=orders";

    // Not reported: placeholder, documentation example, reference, message.
    private const string TemplatePassword = "${DB_PASSWORD}";
    private const string DocumentationKey = "AKIAIOSFODNN7EXAMPLE";
    private const string DbSecretArn = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:prod/orders/db-AbCdEf";
    private const string PasswordRequired = "Password is required";

    public static string[] All() => [AccessKeyId, GitHubToken, StripeKey, DbPassword, OrdersDb, TemplatePassword, DocumentationKey, DbSecretArn, PasswordRequired];

    // MCV1005: secrets read from the environment and from configuration.
    public static (string?, string?) Read(IConfiguration configuration) =>
        (Environment.GetEnvironmentVariable("STRIPE_SECRET_KEY"), configuration["Jwt:SigningKey"]);
}
