namespace Shipping.Api.Auth;

/// <summary>Protects a legacy endpoint with HTTP Basic authentication.</summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method, AllowMultiple = true)]
public sealed class BasicAuthAttribute : Attribute
{
    public string? Realm { get; set; }

    public string? Username { get; set; }

    public string? Password { get; set; }

    public string? PasswordSecretName { get; set; }
}

/// <summary>Requires a static API key in a header.</summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method)]
public sealed class ApiKeyAttribute(string headerName, string apiKey) : Attribute
{
    public string HeaderName { get; } = headerName;

    public string ApiKey { get; } = apiKey;
}
