namespace Shipping.Functions;

/// <summary>Reads the function's settings once per execution environment.</summary>
internal sealed class FunctionSettings
{
    public string? CarrierPortalPassword { get; } = Environment.GetEnvironmentVariable("CARRIER_PORTAL_PASSWORD"); // secret: MCV1005
    public string? SendGridApiKey { get; } = Environment.GetEnvironmentVariable("SENDGRID_API_KEY"); // secret: MCV1005
    public string? TwilioAuthToken { get; } = Environment.GetEnvironmentVariable("TWILIO_AUTH_TOKEN"); // secret: MCV1005
    public string? ConfluentSecret { get; } = Environment.GetEnvironmentVariable("CONFLUENT_API_SECRET"); // secret: MCV1005
    public string? MongoUri { get; } = Environment.GetEnvironmentVariable("MONGODB_CONNECTION_STRING"); // clean -- a connection string may carry no password (IAM auth); the name alone does not say secret
    public string? PrivateKeyPem { get; } = Environment.GetEnvironmentVariable("LABEL_SIGNING_PRIVATE_KEY"); // secret: MCV1005
    public string? SendGridApiKeySecretArn { get; } = Environment.GetEnvironmentVariable("SENDGRID_API_KEY_SECRET_ARN"); // clean
    public string? TokenAudience { get; } = Environment.GetEnvironmentVariable("TOKEN_AUDIENCE"); // clean
    public string? PasswordPolicy { get; } = Environment.GetEnvironmentVariable("PASSWORD_POLICY_NAME"); // clean
    public string? KeyId { get; } = Environment.GetEnvironmentVariable("SIGNING_KEY_ID"); // clean
    public string? FunctionName { get; } = Environment.GetEnvironmentVariable("AWS_LAMBDA_FUNCTION_NAME"); // clean
    public string? SecretsExtensionPort { get; } = Environment.GetEnvironmentVariable("PARAMETERS_SECRETS_EXTENSION_HTTP_PORT"); // clean
    public string? SessionToken { get; } = Environment.GetEnvironmentVariable("AWS_SESSION_TOKEN"); // clean -- the Lambda runtime's own temporary credentials, supplied by the platform
    public string PagerDutyKey { get; } = Environment.GetEnvironmentVariable("PAGERDUTY_ROUTING_KEY") ?? "b98034070dabd800837d201e45aca516"; // secret: MCV1005, MCV1003|MCV1005

    public static readonly string LabelSigningKey = """
        -----BEGIN PRIVATE KEY-----
        MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgnhOyJ8VV/b+drqPU
        lwRhgs0Re/97b6rZCplzztbadvahRANCAAQRK8Yx4PbzG86k5mVW68ZS/L9r/afL
        +ueIDcpSR4ZroyphRU9z6jpMIYPlU+MZaXRD8u/azXObU3ITqQ4Xv5D3
        -----END PRIVATE KEY-----
        """; // secret: MCV1002

    public static readonly string PartnerCertificate = """
        -----BEGIN CERTIFICATE-----
        MIIBiTCCAS+gAwIBAgIURblVqKgHI0molJbjVM5yoaTsz8YwCgYIKoZIzj0EAwIw
        GjEYMBYGA1UEAwwPb3JkZXJzLmludGVybmFsMB4XDTI2MTIwMzEwMjU1MFoXDTI3
        MTIwMzEwMjU1MFowGjEYMBYGA1UEAwwPb3JkZXJzLmludGVybmFsMFkwEwYHKoZI
        zj0CAQYIKoZIzj0DAQcDQgAEf0hzShTrnX68Iw/ZMG+gQBJsGkfS915DPquVd3nc
        yFwXXr1yxXSTCSH9gcfcly5LSJNaFYU7JbhVWQkjKRNKnaNTMFEwHQYDVR0OBBYE
        FDr6rMAr6KUde5HOs/D70hYYG4WNMB8GA1UdIwQYMBaAFDr6rMAr6KUde5HOs/D7
        0hYYG4WNMA8GA1UdEwEB/wQFMAMBAf8wCgYIKoZIzj0EAwIDSAAwRQIgIunonJn1
        hU5DkDJs5Ujjm9aW3BfKOSf9e5ophQfjQdACIQD1DJgeS926Q2+v+MApDVTN64wx
        ggdigpts7ynKqXyAwQ==
        -----END CERTIFICATE-----
        """; // clean -- a certificate is public

    public const string DeployKeyPublic = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIA/rxCBcj43Yxrp0SSkWb+zD6I3VF1uM386AT2wwTQOa deploy@ci"; // clean -- SSH public key

    public const string AdminPasswordHash = "AQAAAAIAAYagAAAAEEsDCEot+gVmV3TVNA2CXk3A06FZGsvt+Om/TrJBspdMsuW2Qmg+MFVbW0m4SexXjg=="; // clean -- ASP.NET Core Identity v3 hash

    public const string LegacyPasswordHash = "$2a$11$QnnKDSP6qd/Q7bk.bJZXpwH/d0Lee1rqxmzaL3NNx0Vo1VPH95b11"; // clean -- bcrypt hash

    public const string DocumentationKey = "-----BEGIN EC PRIVATE KEY-----\n<paste the key from the vault here>\n-----END EC PRIVATE KEY-----"; // clean -- placeholder

    public const string JwksUri = "https://login.shipping.example-corp.net/.well-known/jwks.json"; // clean
}
