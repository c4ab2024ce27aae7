using System.Diagnostics;
using MatCarv.Samples.WebApi;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Diagnostics.HealthChecks;

// An ASP.NET Core service as it runs on ECS/EKS: JSON logs through ILogger, metrics from a Meter (EMF to stdout, or to
// the CloudWatch agent when AWS_EMF_AGENT_ENDPOINT is set), X-Ray segments for every request and outgoing HttpClient
// call, health-check transitions as EventBridge events, and a flush of everything on graceful shutdown.
// `--self-test` drives a few requests against itself, flips the warehouse health, and shuts down.
var selfTest = args.Contains("--self-test");
var builder = WebApplication.CreateBuilder(args.Where(a => a != "--self-test").ToArray());
builder.Logging.ClearProviders();
builder.Logging.AddMatCarvLogging();
builder.Services.AddMatCarvObservability(options => options.ServiceName ??= "inventory-api")
    .WithMetrics(metrics =>
    {
        metrics.Namespace = "MatCarvSamples";
        metrics.Meters.Add(InventoryTelemetry.Name);
        metrics.ExportInterval = TimeSpan.FromSeconds(10);
    })
    .WithTracing(tracing => tracing.Sources.Add(InventoryTelemetry.Name))
    .WithHealthEvents(health => health.Source = "com.matcarv.samples.inventory")
    .WithAspNetCore(); // request segments get their http block (method, route, URL, status, client address)

var warehouse = new DownstreamHealthCheck();
builder.Services.AddHealthChecks().AddCheck("warehouse", warehouse);
builder.Services.Configure<HealthCheckPublisherOptions>(options =>
{
    options.Delay = TimeSpan.FromMilliseconds(200);
    options.Period = TimeSpan.FromSeconds(1);
});
builder.Services.AddHttpClient("self");

var app = builder.Build();

app.MapGet("/stock/{sku}", async (string sku, ILogger<Program> logger) =>
{
    var started = Stopwatch.GetTimestamp();
    using (var activity = InventoryTelemetry.Source.StartActivity("LookupStock"))
    {
        activity?.SetTag("sku", sku);
        await Task.Delay(3);
    }

    InventoryTelemetry.StockLookupLatency.Record(Stopwatch.GetElapsedTime(started).TotalMilliseconds, new KeyValuePair<string, object?>("route", "/stock/{sku}"));
    logger.LogInformation("Stock looked up for {Sku}: {Available} available", sku, 42);
    return Results.Ok(new StockLevel(sku, 42));
});

app.MapPost("/reservations/{sku}", (string sku, int quantity, ILogger<Program> logger) =>
{
    if (quantity <= 0)
    {
        logger.LogWarning("Rejected reservation of {Quantity} for {Sku}", quantity, sku);
        return Results.BadRequest();
    }

    InventoryTelemetry.Reservations.Add(1, new KeyValuePair<string, object?>("outcome", "reserved"));
    logger.LogInformation("Reserved {Quantity} of {Sku}", quantity, sku);
    return Results.Accepted();
});

app.MapPost("/admin/warehouse/{state}", (string state) =>
{
    warehouse.Set(state == "up");
    return Results.NoContent();
});

app.MapHealthChecks("/health");

if (selfTest)
{
    app.Lifetime.ApplicationStarted.Register(() => _ = Task.Run(() => SelfTestAsync(app)));
}

await app.RunAsync();

static async Task SelfTestAsync(WebApplication app)
{
    var logger = app.Services.GetRequiredService<ILogger<Program>>();
    try
    {
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var client = app.Services.GetRequiredService<IHttpClientFactory>().CreateClient("self");
        client.BaseAddress = new Uri(address);
        foreach (var sku in new[] { "sku-1", "sku-2", "sku-3" })
        {
            (await client.GetAsync($"/stock/{sku}")).EnsureSuccessStatusCode();
        }

        await client.PostAsync("/reservations/sku-1?quantity=2", null);
        await client.PostAsync("/reservations/sku-2?quantity=0", null);

        // Unhealthy, then healthy again: two health events (transitions), not one per poll.
        await client.PostAsync("/admin/warehouse/down", null);
        await Task.Delay(TimeSpan.FromSeconds(3.5));
        await client.PostAsync("/admin/warehouse/up", null);
        await Task.Delay(TimeSpan.FromSeconds(3.5));
        logger.LogInformation("Self-test done; stopping");
    }
    catch (Exception ex)
    {
        logger.LogError(ex, "Self-test failed");
        Environment.ExitCode = 1;
    }
    finally
    {
        app.Lifetime.StopApplication();
    }
}

/// <summary>The stock of one SKU.</summary>
/// <param name="Sku">The SKU.</param>
/// <param name="Available">How many are available.</param>
internal sealed record StockLevel(string Sku, int Available);

/// <summary>Marker for the logger category.</summary>
public partial class Program
{
}
