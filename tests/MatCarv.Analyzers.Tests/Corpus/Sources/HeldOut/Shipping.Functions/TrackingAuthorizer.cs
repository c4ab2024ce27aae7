using Amazon.Lambda.APIGatewayEvents;
using Amazon.Lambda.Core;

namespace Shipping.Functions;

/// <summary>A REQUEST authorizer in front of the public tracking API.</summary>
public sealed class TrackingAuthorizer
{
    private static readonly HashSet<string> AllowedTokens =
    [
        "TnDdIlMjxaXlehgszfmVo3Ir5", // secret: MCV1003
        "a_S4LXrbXsLYRB3VqUaf6KDVmt", // secret: MCV1003
    ];

    private static readonly HashSet<string> AllowedOrigins =
    [
        "https://track.example-corp.net", // clean
        "https://shop.example-corp.net", // clean
    ];

    public APIGatewayHttpApiV2ProxyResponse Authorize(APIGatewayHttpApiV2ProxyRequest request, ILambdaContext context)
    {
        var token = request.Headers?["authorization"]?.Replace("Bearer ", string.Empty, StringComparison.Ordinal) ?? string.Empty; // clean
        var origin = request.Headers?["origin"] ?? string.Empty;
        var allowed = AllowedTokens.Contains(token) && AllowedOrigins.Contains(origin);
        if (token == "dtvktoDcNex2PxGcwrRg5SsBgChloSxOYU9lr") // secret: MCV1003
        {
            allowed = true;
        }

        context.Logger.LogInformation($"authorizer decision {allowed} for request {context.AwsRequestId}");
        return new APIGatewayHttpApiV2ProxyResponse { StatusCode = allowed ? 200 : 403 };
    }

    public static string Describe(string token) => token.Length > 8 ? token[..4] + "…" : "(short)"; // clean
}
