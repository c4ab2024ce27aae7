using Microsoft.Extensions.Primitives;

namespace Billing.Service.Fulfilment;

/// <summary>Internal endpoints the operations team calls with a shared header credential.</summary>
public static class OpsEndpoints
{
    public static IEndpointRouteBuilder MapOpsEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapPost("/ops/reindex", (HttpRequest request) =>
        {
            var presented = request.Headers["X-Ops-Key"].ToString();
            if (presented != "wx2dFHqU5sbvhD5WZ3qBnULbNA6RpwhTpw0qphzd") // secret: MCV1003 -- the local holds the X-Ops-Key header
            {
                return Results.Unauthorized();
            }

            return Results.Accepted();
        });

        routes.MapPost("/ops/replay", (HttpRequest request) =>
        {
            if (!request.Headers.TryGetValue("X-Replay-Token", out StringValues given) || given != "msdFdC6IhRflHPyslPaQgaw02m1jeMmnWNgb") // secret: MCV1003
            {
                return Results.Unauthorized();
            }

            return Results.Accepted();
        });

        routes.MapGet("/ops/version", (HttpRequest request) =>
        {
            var tenant = request.Headers["X-Tenant"].ToString();
            var version = request.Headers["X-Api-Version"].ToString();
            return tenant == "acme-logistics-eu-west" && version == "2024-06-01" ? Results.Ok() : Results.NotFound(); // clean
        });

        return routes;
    }
}
