namespace Billing.Service.Configuration;

public sealed class PaymentOptions
{
    public string Provider { get; set; } = "stripe"; // clean

    public string? WebhookSecret { get; set; }

    public string PublishableKey { get; set; } = "pk_test_RWziurdjl5D41n0d9x7zxoQXmuhArEmFQMxXOoRJIZBd1n4JHPwoXdVl5B6pxqYE76yjCfzLp6v8ZWsrXeF7U2d0rEuMy8fnNGZ"; // clean -- publishable

    public string SecretKey { get; set; } = "sk_test_xnvrIHRM9EP8NkvesRrveCmP"; // secret: MCV1002|MCV1003

    public string SecretKeyArn { get; set; } = "arn:aws:secretsmanager:eu-central-1:345678901234:secret:billing/stripe-secret-key-P0o9I8"; // clean

    public string StatementDescriptor { get; set; } = "EXAMPLECORP BILLING"; // clean

    public int PasswordMinLength { get; set; } = 14;
}

public sealed record AdyenSettings(string MerchantAccount, string ApiKey, string HmacKey, bool Live)
{
    public static readonly AdyenSettings Test = new("ExampleCorpECOM", "AQExIBoS1HVpYal6x4UmjlgT2efTfxDY", "fb93a59cc39abaa6d668bfe4682e586c1dfc991b76dda357e15b27f9c05bc4e6", false); // secret: MCV1003, MCV1003 -- two secrets: the API key and the HMAC key
}

public sealed record BankTransferSettings
{
    public string Iban { get; init; } = "DE89370400440532013000"; // clean -- an IBAN is not a secret
    public string Bic { get; init; } = "COBADEFFXXX"; // clean
    public string SftpPassword { get; init; } = "B4nk!Sftp-Upl0ad"; // secret: MCV1003
    public string PgpPassphrase { get; init; } = "correct horse battery staple"; // secret: MCV1003 -- a passphrase may contain spaces
    public string PgpPublicKeyFingerprint { get; init; } = "7a1a3b5ff0ebc62e6fe3fa6c40ab5e6c0bda5dda"; // clean
}

/// <summary>Options validated at start-up.</summary>
public sealed class TaxServiceOptions
{
    public const string Section = "TaxService"; // clean
    public Uri Endpoint { get; set; } = new("https://api.taxjar.example/v2/"); // clean
    public string ApiToken { get; set; } = ""; // clean -- empty
    public string ApiTokenHint { get; set; } = "starts with 'tj_live_'"; // clean
    public string DefaultToken { get; set; } = "tj_live_220af7cb4e6dbeadfc6a2a82c17181bd"; // secret: MCV1003
}
