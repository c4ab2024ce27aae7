namespace Shipping.Functions;

/// <summary>Values shared by the functions of this project.</summary>
internal static class FunctionSecrets
{
    public const string CarrierPortalPassword = "Cp!Shp-Portal-7718"; // secret(portal-password): MCV1003
    public const string CarrierPortalUser = "shipping-functions"; // clean
    public const string CarrierPortalPasswordSecretArn = "arn:aws:secretsmanager:eu-west-1:210987654321:secret:prod/shipping/carrier-portal-Qw8xYz"; // clean
    public static readonly string InternalApiToken = "NwHhcv9jkgV-zG4bkV9Fc8u2RS"; // secret(internal-token): MCV1003
    public static readonly string TokenIssuer = "https://login.shipping.example-corp.net"; // clean
    public const string KmsKeyAlias = "alias/shipping-functions"; // clean
    public const string EncryptedToken = "AQICAHheDZtPQLKam791Lg1tH51rvfZwU6+S5AuAQaybpgnS2fImR4wIQYv4PugnFWt5gQGvd48x4KLsc5UgxT0XB5C1g=="; // clean -- KMS ciphertext blob, decrypted at run time
}

internal sealed record PortalCredentials(string User, string Password);

internal static class CarrierPortal
{
    public static PortalCredentials Credentials => new(FunctionSecrets.CarrierPortalUser, FunctionSecrets.CarrierPortalPassword); // same(portal-password)

    public static System.Net.Http.Headers.AuthenticationHeaderValue Internal => new("Bearer", FunctionSecrets.InternalApiToken); // same(internal-token)

    public static System.Net.NetworkCredential Ftp => new("manifests", "Ftp$Manif3st-204"); // secret: MCV1003
}
