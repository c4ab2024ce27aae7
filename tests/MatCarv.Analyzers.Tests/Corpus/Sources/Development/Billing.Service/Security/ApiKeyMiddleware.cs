using System.Collections.Immutable;

namespace Billing.Service.Security;

/// <summary>Checks the X-Api-Key header of machine clients.</summary>
public sealed class ApiKeyMiddleware(RequestDelegate next, ILogger<ApiKeyMiddleware> logger)
{
    public const string HeaderName = "X-Api-Key"; // clean

    private static readonly ImmutableDictionary<string, string> ClientApiKeys = ImmutableDictionary.CreateRange(new Dictionary<string, string>
    {
        ["I_IZHUiOZoo1jBdDIrlCuFnCkdz"] = "reporting", // secret: MCV1003 -- the key is the dictionary key here
        ["7OM4h9w6LT6627ouQhEgn-4ZFfy6g1Lp0Cyi808h"] = "erp-bridge", // secret: MCV1003
    });

    private static readonly ImmutableDictionary<string, string> ClientOwners = ImmutableDictionary.CreateRange(new Dictionary<string, string>
    {
        ["reporting"] = "team-bi@example-corp.net", // clean
        ["erp-bridge"] = "team-erp@example-corp.net", // clean
    });

    private static readonly ImmutableHashSet<string> RevokedKeyIds = ["key_2024_01", "key_2024_07"]; // clean -- key ids

    public async Task InvokeAsync(HttpContext context)
    {
        var supplied = context.Request.Headers[HeaderName].ToString();
        if (!ClientApiKeys.TryGetValue(supplied, out var client))
        {
            logger.LogWarning("Rejected API key for {Path}", context.Request.Path); // clean
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            return;
        }

        context.Items["client"] = client;
        context.Items["owner"] = ClientOwners.GetValueOrDefault(client, "unknown");
        await next(context);
    }

    public static string KeyFor(string client) => client switch
    {
        "reporting" => "BEZSTx2hsHLXfMoqf-Ld0mPT9f4dDyVt", // secret: MCV1003
        "erp-bridge" => "qvHiEVu33NqSU0uPIqp9ROpOhzgzUP", // secret: MCV1003
        "status-page" => "public", // clean
        _ => string.Empty,
    };

    public static bool IsRevoked(string keyId) => RevokedKeyIds.Contains(keyId);
}
