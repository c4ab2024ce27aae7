using System.ComponentModel.DataAnnotations;

namespace Shipping.Api.Options;

/// <summary>Bound from the "Carriers" section.</summary>
public sealed class CarrierOptions
{
    public const string SectionName = "Carriers"; // clean

    [Required]
    public string BaseUrl { get; set; } = "https://api-eu.dhl.com/track/shipments"; // clean

    public string ApiKey { get; set; } = "kD8sLw2QpX7vN4rT6yZ1mB3cF9hJ5gA0"; // secret: MCV1003

    public string ApiKeyHeader { get; set; } = "DHL-API-Key"; // clean

    public string ClientSecret { get; set; } = string.Empty;

    public string TokenUrl { get; init; } = "https://api-eu.dhl.com/auth/accesstoken"; // clean

    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);
}

/// <summary>FedEx OAuth client credentials; values come from configuration in every environment.</summary>
public sealed record FedExOptions(string ClientId, string ClientSecret, string Account)
{
    public static FedExOptions Sandbox { get; } = new("l7ad1b57c33636fe7342fdbe63bfb5b830", "d30144753f8e270c428d4351fae33edd", "740561073"); // secret: MCV1003

    public static FedExOptions Placeholder { get; } = new("<client-id>", "<client-secret>", "<account>"); // clean
}

public sealed record UpsOptions
{
    public required string Username { get; init; }

    public required string Password { get; init; }

    public static UpsOptions Development => new() { Username = "ups-dev", Password = "changeme" }; // clean -- placeholder
}

public sealed class SftpOptions
{
    public string Host { get; set; } = "sftp.partner-logistics.example.com"; // clean

    public string User { get; set; } = "shipping-export";

    public string Password { get; set; } = "Lg$tx-Exp0rt-88"; // secret: MCV1003

    public string PrivateKeyPath { get; set; } = "/run/secrets/sftp_id_ed25519"; // clean

    public string HostKeyFingerprint { get; set; } = "SHA256:Ue3rK1Wg6xS0nq2YbLZ7tj9hVcP4FdQmA8oIeRwJ5Ns"; // clean
}
