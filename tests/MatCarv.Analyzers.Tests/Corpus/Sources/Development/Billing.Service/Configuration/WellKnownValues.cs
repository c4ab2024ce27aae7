namespace Billing.Service.Configuration;

/// <summary>Constants of the billing domain; nothing here is a credential.</summary>
public static class WellKnownValues
{
    public const string InvoiceNumberFormat = "INV-{0:yyyy}-{1:D6}"; // clean
    public const string PasswordPolicyRegex = @"^(?=.*[A-Z])(?=.*\d)(?=.*[^\w]).{14,}$"; // clean
    public const string TokenCookieName = "__Host-billing-session"; // clean
    public const string SecretsManagerPrefix = "billing/prod/"; // clean
    public const string ApiKeyPrefix = "bk_live_"; // clean -- a prefix, not a key
    public const string SigningAlgorithm = "HS512"; // clean
    public const string PasswordResetTemplateId = "d-f771c7a109b3d617cde399b666c62503"; // clean -- a SendGrid template id
    public const string StripePriceId = "price_1PqR8sT2uVwXyZ3aBcDeFgHi"; // clean -- a Stripe object id
    public const string StripeCustomerId = "cus_QaB7cD9eF1gH2i"; // clean -- a Stripe object id
    public const string IdempotencyHeader = "Idempotency-Key"; // clean
    public const string ExampleIdempotencyKey = "bf5774ce-1048-4a38-9d1b-ca1b63bcea93"; // clean
    public const string OpenApiSecurityScheme = "ApiKeyAuth"; // clean
    public const string ErrorMissingToken = "The request has no bearer token."; // clean
    public const string ErrorBadPassword = "Password does not meet the policy: at least 14 characters."; // clean
    public const string DefaultPassword = ""; // clean -- empty
    public const string MaskedCard = "**** **** **** 4242"; // clean
    public const string AuditHash = "sha256:524131af090428bf7feebfbd51eb23f95a42cb0dc73fbb2d4f615932851639e6"; // clean
    public const string ContainerDigest = "123456789012.dkr.ecr.eu-central-1.amazonaws.com/billing@sha256:da8d57a333c2e475b4684deb713c1a822e74058812c941161a88bb17439244c9"; // clean
    public const string CommitId = "ab7b29d62345339a504bff0364d03bc2b6fe4ca8"; // clean
    public const string RequestId = "015SQSTPGHNX38PSBYY6TVBGQT"; // clean -- a ULID
    public const string CloudFrontKeyPairId = "K2JCJMDEHXQW5F"; // clean -- a public key id
    public const string KmsKeyId = "14f1e5b5-778f-427b-9a04-25c378d1b5da"; // clean
    public const string KmsKeyArn = "arn:aws:kms:eu-central-1:345678901234:key/a28bee23-ef82-49f0-8452-0a96ce7e9d5b"; // clean
    public const string Base64Logo = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII="; // clean -- a 1x1 PNG
    public const string SamlMetadataUrl = "https://idp.example-corp.net/app/billing/sso/saml/metadata"; // clean
    public const string OidcDiscovery = "https://idp.example-corp.net/.well-known/openid-configuration"; // clean
    public const string PasswordField = "password"; // clean
    public const string SecretQuestion = "What was the name of your first school?"; // clean
    public const string TokenizationEndpoint = "https://vault.payment-partner.example.com/tokenize"; // clean
    public const string AgePublicRecipient = "age10b06cd0872b0e38788adcc7bd8e60de7c7d4ac08"; // clean -- an age public key (recipient)
}
