using System.Diagnostics;
using System.Net;
using MatCarv.Observability.AspNetCore.Tests.Support;
using MatCarv.Observability.Tests.Tracing.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace MatCarv.Observability.AspNetCore.Tests.Http;

/// <summary>
/// ASP.NET Core (before .NET 11) starts an activity per request but does not tag it; X-Ray's http block (method, url,
/// status, client_ip, user_agent) is built from the HTTP semantic-convention tags.
/// </summary>
public sealed class HttpServerSpanTagsTests
{
    private static void MapInventory(WebApplication app)
    {
        app.MapGet("/stock/{sku}", (string sku) => Results.Ok(new { sku, available = 42 }));
        app.MapPost("/reservations/{sku}", (string sku) => Results.Accepted());
        app.MapGet("/fail", (HttpContext _) => throw new InvalidOperationException("boom"));
        app.MapMethods("/purge", ["PURGE"], () => Results.NoContent());
    }

    [Fact]
    public async Task A_request_activity_carries_the_HTTP_semantic_conventions_without_user_middleware()
    {
        await using var host = await ServiceHost.StartAsync(MapInventory);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/stock/sku-1?expand=items&access_token=abc123&Signature=xyz");
        request.Headers.UserAgent.ParseAdd("inventory-client/1.0");
        request.Headers.Add("X-Forwarded-For", "203.0.113.7, 10.0.0.1");
        var response = await host.Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        var activity = await SingleRequestActivity(host);
        Assert.Equal("GET", activity.GetTagItem("http.request.method"));
        Assert.Equal("http", activity.GetTagItem("url.scheme"));
        Assert.Equal("/stock/sku-1", activity.GetTagItem("url.path"));
        Assert.Equal("expand=items&access_token=REDACTED&Signature=REDACTED", activity.GetTagItem("url.query"));
        Assert.Equal("127.0.0.1", activity.GetTagItem("server.address"));
        Assert.Equal(host.Client.BaseAddress!.Port, activity.GetTagItem("server.port"));
        Assert.Equal("203.0.113.7", activity.GetTagItem("client.address"));
        Assert.Equal("inventory-client/1.0", activity.GetTagItem("user_agent.original"));
        Assert.Equal("/stock/{sku}", activity.GetTagItem("http.route"));
        Assert.Equal("1.1", activity.GetTagItem("network.protocol.version"));
        Assert.Equal(200, activity.GetTagItem("http.response.status_code"));
        Assert.Equal("GET /stock/{sku}", activity.DisplayName);
        Assert.Equal(ActivityStatusCode.Unset, activity.Status);
    }

    [Fact]
    public async Task The_X_Ray_segment_of_the_request_gets_its_http_block()
    {
        await using var host = await ServiceHost.StartAsync(MapInventory);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/stock/sku-9");
        request.Headers.UserAgent.ParseAdd("curl/8.5.0");
        await host.Client.SendAsync(request);
        var activity = await SingleRequestActivity(host);

        var datagrams = await host.Collector.WaitForIdsAsync([activity.SpanId.ToHexString()]);
        XRaySchema.AssertDatagrams(datagrams);
        var segment = Assert.Single(datagrams, d => d.Id == activity.SpanId.ToHexString()).Body;
        var http = segment.GetProperty("http");
        Assert.Equal("GET", http.GetProperty("request").GetProperty("method").GetString());
        Assert.Equal($"http://127.0.0.1:{host.Client.BaseAddress!.Port}/stock/sku-9", http.GetProperty("request").GetProperty("url").GetString());
        Assert.Equal("127.0.0.1", http.GetProperty("request").GetProperty("client_ip").GetString());
        Assert.Equal("curl/8.5.0", http.GetProperty("request").GetProperty("user_agent").GetString());
        Assert.Equal(200, http.GetProperty("response").GetProperty("status").GetInt32());
    }

    [Fact]
    public async Task An_unhandled_exception_is_a_500_fault_and_a_client_error_is_not_a_fault()
    {
        await using var host = await ServiceHost.StartAsync(MapInventory);
        Assert.Equal(HttpStatusCode.InternalServerError, (await host.Client.GetAsync("/fail")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await host.Client.GetAsync("/missing")).StatusCode);
        var activities = await RequestActivities(host, 2);

        var failed = Assert.Single(activities, a => (string?)a.GetTagItem("url.path") == "/fail");
        Assert.Equal(500, failed.GetTagItem("http.response.status_code"));
        Assert.Equal("500", failed.GetTagItem("error.type"));
        Assert.Equal(ActivityStatusCode.Error, failed.Status);

        var missing = Assert.Single(activities, a => (string?)a.GetTagItem("url.path") == "/missing");
        Assert.Equal(404, missing.GetTagItem("http.response.status_code"));
        Assert.Null(missing.GetTagItem("http.route"));
        Assert.Equal("GET", missing.DisplayName);
        Assert.Equal(ActivityStatusCode.Unset, missing.Status);

        var datagrams = await host.Collector.WaitForIdsAsync([failed.SpanId.ToHexString(), missing.SpanId.ToHexString()]);
        var faulted = Assert.Single(datagrams, d => d.Id == failed.SpanId.ToHexString()).Body;
        Assert.True(faulted.GetProperty("fault").GetBoolean());
        var errored = Assert.Single(datagrams, d => d.Id == missing.SpanId.ToHexString()).Body;
        Assert.True(errored.GetProperty("error").GetBoolean());
        Assert.False(errored.TryGetProperty("fault", out var fault) && fault.GetBoolean());
    }

    [Fact]
    public async Task An_unknown_method_is_recorded_as_OTHER_with_the_original()
    {
        await using var host = await ServiceHost.StartAsync(MapInventory);
        await host.Client.SendAsync(new HttpRequestMessage(new HttpMethod("PURGE"), "/purge"));
        var activity = await SingleRequestActivity(host);
        Assert.Equal("_OTHER", activity.GetTagItem("http.request.method"));
        Assert.Equal("PURGE", activity.GetTagItem("http.request.method_original"));
        Assert.Equal("HTTP /purge", activity.DisplayName);
    }

    [Fact]
    public async Task An_activity_already_tagged_by_someone_else_is_left_alone()
    {
        await using var host = await ServiceHost.StartAsync(app => app.MapGet("/tagged", (HttpContext context) =>
        {
            // What ASP.NET Core 11 (or OpenTelemetry's instrumentation) does before the Stop event.
            context.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpActivityFeature>()!.Activity.SetTag("http.response.status_code", 299);
            return Results.Ok();
        }));
        await host.Client.GetAsync("/tagged");
        var activity = await SingleRequestActivity(host);
        Assert.Equal(299, activity.GetTagItem("http.response.status_code"));
        Assert.Null(activity.GetTagItem("http.request.method"));
    }

    [Fact]
    public async Task Without_WithAspNetCore_nothing_is_tagged_and_with_it_off_neither()
    {
        await using (var plain = await ServiceHost.StartAsync(MapInventory, withAspNetCore: false))
        {
            await plain.Client.GetAsync("/stock/a");
            Assert.Null((await SingleRequestActivity(plain)).GetTagItem("http.request.method"));
        }

        await using var off = await ServiceHost.StartAsync(MapInventory, aspNetCore: o => o.TagRequestActivities = false);
        await off.Client.GetAsync("/stock/a");
        Assert.Null((await SingleRequestActivity(off)).GetTagItem("http.request.method"));
    }

    [Fact]
    public async Task Subscribing_never_asks_ASP_NET_Core_to_create_activities()
    {
        await using var host = await ServiceHost.StartAsync(MapInventory);
        var listener = host.App.Services.GetRequiredService<DiagnosticListener>();
        Assert.True(listener.IsEnabled());
        Assert.False(listener.IsEnabled("Microsoft.AspNetCore.Hosting.HttpRequestIn", new DefaultHttpContext()));
        Assert.True(listener.IsEnabled("Microsoft.AspNetCore.Hosting.HttpRequestIn.Stop"));
        Assert.False(listener.IsEnabled("Microsoft.AspNetCore.Hosting.BeginRequest"));
    }

    private static async Task<Activity> SingleRequestActivity(ServiceHost host) => Assert.Single(await RequestActivities(host, 1));

    /// <summary>The request activity stops just after the response is sent: wait for it (not a timing assertion).</summary>
    private static async Task<IReadOnlyList<Activity>> RequestActivities(ServiceHost host, int count)
    {
        for (int i = 0; i < 500 && host.RequestActivities.Count < count; i++)
        {
            await Task.Delay(10);
        }

        return host.RequestActivities;
    }
}
