using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using System.Text.Json;
using MatCarv.Observability.Lambda;
using MatCarv.Observability.Logging;
using MatCarv.Observability.Metrics;
using MatCarv.Observability.Tests.Tracing.Support;
using MatCarv.Observability.Tracing.Propagation;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace MatCarv.Observability.AspNetCore.Tests.Lambda;

/// <summary>
/// ASP.NET Core served from Lambda (Amazon.Lambda.AspNetCoreServer, Lambda Web Adapter, Web Functions): each request is an
/// invocation. A test server with the Lambda environment stands in for the runtime; nothing of Lambda's is referenced.
/// </summary>
public sealed class LambdaRequestsTests
{
    private const string FunctionArn = "arn:aws:lambda:us-east-1:123456789012:function:inventory-fn";

    private static string NewTraceHeader() =>
        $"Root={XRayTraceId.Format(XRayTraceId.NewActivityTraceId())};Parent={ActivitySpanId.CreateRandom().ToHexString()};Sampled=1";

    /// <summary>What Lambda Web Adapter puts on each request: the runtime's context as JSON.</summary>
    private static string AdapterContext(string requestId, string traceHeader) =>
        JsonSerializer.Serialize(new Dictionary<string, object?>
        {
            ["request_id"] = requestId,
            ["deadline"] = DateTimeOffset.UtcNow.AddSeconds(30).ToUnixTimeMilliseconds(),
            ["invoked_function_arn"] = FunctionArn,
            ["xray_trace_id"] = traceHeader,
        });

    private sealed class LambdaApp : IAsyncDisposable
    {
        private readonly MemoryStream _output = new();

        /// <param name="environment">More environment variables.</param>
        /// <param name="configure">The ASP.NET Core integration's settings.</param>
        /// <param name="lambda">Whether the Lambda environment is set.</param>
        /// <param name="kestrel">A real Kestrel server on 127.0.0.1 (as behind Lambda Web Adapter) instead of the test server.</param>
        public LambdaApp(Dictionary<string, string?> environment, Action<MatCarvAspNetCoreOptions>? configure, bool lambda = true, bool kestrel = false)
        {
            Collector = new UdpCollector();
            var env = new Dictionary<string, string?>(environment)
            {
                ["POWERTOOLS_SERVICE_NAME"] = "inventory",
                ["AWS_XRAY_DAEMON_ADDRESS"] = Collector.Address,
                ["_HANDLER"] = "Inventory::Inventory.LambdaEntryPoint::FunctionHandlerAsync",
            };
            if (lambda)
            {
                env["AWS_LAMBDA_FUNCTION_NAME"] = "inventory-fn";
                env["AWS_LAMBDA_FUNCTION_MEMORY_SIZE"] = "512";
            }

            var builder = WebApplication.CreateBuilder();
            if (kestrel)
            {
                builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
            }
            else
            {
                builder.WebHost.UseTestServer();
            }

            builder.Logging.ClearProviders();
            builder.Logging.AddMatCarvLogging();
            builder.Services.AddMatCarvObservability(o =>
                {
                    o.Output = _output;
                    o.EnvironmentVariables = env;

                    // Nothing is written by the periodic flush during a test: what is there was flushed by the invocation.
                    o.OutputFlushInterval = TimeSpan.FromHours(1);
                })
                .WithLogging(l => l.Buffering.Enabled = true)
                .WithMetrics(m => m.Namespace = "Inventory")
                .WithTracing(t =>
                {
                    // Every host in this test process listens to every host's sources: sample everything, so no host says no for another.
                    t.SamplingRate = 1;
                    t.TraceHttpClient = false;
                })
                .WithAspNetCore(configure);
            App = builder.Build();
            App.MapGet("/stock/{sku}", (string sku, HttpContext http, ILogger<LambdaApp> log, IMetrics metrics) =>
            {
                log.LogDebug("buffered for {Sku}", sku);
                log.LogInformation("looked up {Sku}", sku);
                LogContext.AppendKey("sku_key", sku);
                log.LogInformation("with key");
                metrics.AddMetric("Lookups", 1, MetricUnit.Count);
                http.Response.OnCompleted(() =>
                {
                    // The response is complete: Lambda may freeze the process now. Everything must already be out.
                    OutputAtCompletion[sku] = Encoding.UTF8.GetString(_output.ToArray());
                    return Task.CompletedTask;
                });
                return Results.Ok(new { sku });
            });
            App.MapGet("/fail/{sku}", (string sku, ILogger<LambdaApp> log) =>
            {
                log.LogDebug("context before the failure of {Sku}", sku);
                throw new InvalidOperationException("payment provider down");
            });
            App.StartAsync().GetAwaiter().GetResult();
            if (kestrel)
            {
                var address = App.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
                Client = new HttpClient { BaseAddress = new Uri(address) };
            }
            else
            {
                Server = App.GetTestServer();
                Client = Server.CreateClient();
            }
        }

        public WebApplication App { get; }

        /// <summary>The test server (null on Kestrel).</summary>
        public TestServer? Server { get; }

        public HttpClient Client { get; }

        public UdpCollector Collector { get; }

        public ConcurrentDictionary<string, string> OutputAtCompletion { get; } = new();

        /// <summary>The stdout lines as they were when the response for <paramref name="sku"/> completed.</summary>
        public async Task<List<JsonElement>> OutputAtCompletionAsync(string sku)
        {
            for (int i = 0; i < 500 && !OutputAtCompletion.ContainsKey(sku); i++)
            {
                await Task.Delay(10);
            }

            return OutputAtCompletion[sku].Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement.Clone()).ToList();
        }

        public List<JsonElement> Lines() =>
            Encoding.UTF8.GetString(_output.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement.Clone()).ToList();

        public List<JsonElement> Logs(string message) =>
            Lines().Where(l => l.TryGetProperty("message", out var m) && m.GetString()!.StartsWith(message, StringComparison.Ordinal)).ToList();

        public async Task<HttpResponseMessage> GetAsync(string path, params (string Name, string Value)[] headers)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, path);
            foreach (var (name, value) in headers)
            {
                request.Headers.TryAddWithoutValidation(name, value);
            }

            var response = await Client.SendAsync(request);
            await response.Content.ReadAsStringAsync();
            return response;
        }

        private int _stopped;

        /// <summary>Stops the host: its graceful shutdown flushes whatever no invocation flushed.</summary>
        public Task StopAsync() => Interlocked.Exchange(ref _stopped, 1) == 0 ? App.StopAsync() : Task.CompletedTask;

        public async ValueTask DisposeAsync()
        {
            Client.Dispose();
            await StopAsync();
            await App.DisposeAsync();
            Collector.Dispose();
        }
    }

    [Fact]
    public async Task Each_request_is_an_invocation_flushed_before_its_response_completes()
    {
        await using var app = new LambdaApp([], null);
        var first = NewTraceHeader();
        var second = NewTraceHeader();
        await app.GetAsync("/stock/a", ("x-amzn-lambda-context", AdapterContext("req-a", first)));
        await app.GetAsync("/stock/b", ("x-amzn-lambda-context", AdapterContext("req-b", second)));

        // At completion of each response its log lines and its metrics were already written.
        foreach (var (sku, requestId) in new[] { ("a", "req-a"), ("b", "req-b") })
        {
            var atCompletion = app.OutputAtCompletion[sku].Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement.Clone()).ToList();
            Assert.Contains(atCompletion, l => l.TryGetProperty("function_request_id", out var id) && id.GetString() == requestId && l.GetProperty("message").GetString() == "looked up " + sku);
            Assert.Contains(atCompletion, l => l.TryGetProperty("Lookups", out _) && l.TryGetProperty("_aws", out _));
        }

        var looked = app.Logs("looked up");
        Assert.Equal(["req-a", "req-b"], looked.Select(l => l.GetProperty("function_request_id").GetString()));
        Assert.Equal([true, false], looked.Select(l => l.GetProperty("cold_start").GetBoolean()));
        Assert.Equal("inventory-fn", looked[0].GetProperty("function_name").GetString());
        Assert.Equal(FunctionArn, looked[0].GetProperty("function_arn").GetString());
        Assert.True(XRayTraceHeader.TryParse(first, out var firstHeader));
        Assert.Equal(firstHeader!.Root, looked[0].GetProperty("xray_trace_id").GetString());

        // Keys appended in one request do not reach the next; debug lines of a successful request stay buffered.
        var withKey = app.Logs("with key");
        Assert.Equal(["a", "b"], withKey.Select(l => l.GetProperty("sku_key").GetString()));
        Assert.Empty(app.Logs("buffered for"));

        // The cold-start metric once, for the first request only.
        Assert.Single(app.Lines(), l => l.TryGetProperty("ColdStart", out _));
    }

    [Fact]
    public async Task On_a_real_server_the_response_ends_only_after_its_invocation_was_flushed()
    {
        // Behind Lambda Web Adapter the application's own Kestrel answers on loopback, and the adapter hands the response to
        // Lambda when it has read it to the end: by then the request's lines and metrics must be on stdout.
        await using var app = new LambdaApp([], null, kestrel: true);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/stock/k");
        request.Headers.TryAddWithoutValidation("x-amzn-lambda-context", AdapterContext("req-k", NewTraceHeader()));
        using var response = await app.Client.SendAsync(request, HttpCompletionOption.ResponseContentRead);
        var atEndOfResponse = app.Lines();

        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(atEndOfResponse, l => l.TryGetProperty("function_request_id", out var id) && id.GetString() == "req-k"
            && l.GetProperty("message").GetString() == "looked up k");
        Assert.Contains(atEndOfResponse, l => l.TryGetProperty("Lookups", out _) && l.TryGetProperty("_aws", out _));
    }

    [Fact]
    public async Task Each_requests_subsegment_is_parented_to_its_invocation_and_carries_the_http_block()
    {
        await using var app = new LambdaApp([], null);
        var header = NewTraceHeader();
        Assert.True(XRayTraceHeader.TryParse(header, out var parsed));
        await app.GetAsync("/stock/sku-7?page=2", ("x-amzn-lambda-context", AdapterContext("req-7", header)), ("User-Agent", "curl/8.5.0"));

        var datagrams = await app.Collector.WaitForAsync(received => received.Any(d => d.TraceId == parsed!.Root));
        XRaySchema.AssertDatagrams(datagrams);
        var documents = datagrams.Where(d => d.TraceId == parsed!.Root).ToList();

        // One document for the request: a subsegment of the function's facade (Lambda sends no segments), named after the
        // route, with the http block; ASP.NET Core's own request activity is not a second copy of it.
        var request = Assert.Single(documents);
        Assert.True(request.IsSubsegmentDocument);
        Assert.Equal(parsed!.Parent, request.Body.GetProperty("parent_id").GetString());
        Assert.Equal("GET /stock/sku", request.Body.GetProperty("name").GetString()); // "{method} {route}", braces sanitized by X-Ray's name rules
        var http = request.Body.GetProperty("http");
        Assert.Equal("GET", http.GetProperty("request").GetProperty("method").GetString());
        Assert.Equal("http://localhost/stock/sku-7?page=2", http.GetProperty("request").GetProperty("url").GetString());
        Assert.Equal("curl/8.5.0", http.GetProperty("request").GetProperty("user_agent").GetString());
        Assert.Equal(200, http.GetProperty("response").GetProperty("status").GetInt32());
        Assert.True(request.Body.GetProperty("annotations").GetProperty("ColdStart").GetBoolean());
    }

    [Fact]
    public async Task Eight_concurrent_requests_keep_their_own_invocation()
    {
        await using var app = new LambdaApp([], null);
        var headers = Enumerable.Range(0, 8).ToDictionary(i => "req-" + i, _ => NewTraceHeader());
        await Task.WhenAll(headers.Select(h => app.GetAsync("/stock/" + h.Key, ("x-amzn-lambda-context", AdapterContext(h.Key, h.Value)))));

        var looked = app.Logs("looked up");
        Assert.Equal(8, looked.Count);
        foreach (var line in looked)
        {
            var requestId = line.GetProperty("function_request_id").GetString()!;
            Assert.Equal("looked up " + requestId, line.GetProperty("message").GetString());
            Assert.True(XRayTraceHeader.TryParse(headers[requestId], out var header));
            Assert.Equal(header!.Root, line.GetProperty("xray_trace_id").GetString());
        }

        Assert.Single(looked, l => l.GetProperty("cold_start").GetBoolean());
        Assert.All(app.Logs("with key"), l => Assert.Equal(l.GetProperty("function_request_id").GetString(), l.GetProperty("sku_key").GetString()));
    }

    [Fact]
    public async Task Lambda_Web_Functions_requests_carry_their_request_id_and_trace_header()
    {
        await using var app = new LambdaApp([], null);
        var header = NewTraceHeader();
        await app.GetAsync("/stock/w", ("lambda-web-request-id", "web-req-1"), ("X-Amzn-Trace-Id", header));
        var line = Assert.Single(app.Logs("looked up"));
        Assert.Equal("web-req-1", line.GetProperty("function_request_id").GetString());
        Assert.True(XRayTraceHeader.TryParse(header, out var parsed));
        Assert.Equal(parsed!.Root, line.GetProperty("xray_trace_id").GetString());
    }

    [Fact]
    public async Task AspNetCoreServers_lambda_context_is_mapped_in_one_line()
    {
        var header = NewTraceHeader();
        await using var app = new LambdaApp([], o => o.Invocation = http => http.Items["LambdaContext"] is StandInLambdaContext c
            ? new LambdaInvocation(c.AwsRequestId, c.InvokedFunctionArn) { RemainingTime = c.RemainingTime, TraceHeader = c.TraceId }
            : null);

        // Amazon.Lambda.AspNetCoreServer puts the ILambdaContext in HttpContext.Items before the pipeline runs.
        var result = await app.Server!.SendAsync(context =>
        {
            context.Request.Method = "GET";
            context.Request.Path = "/stock/m";
            context.Items["LambdaContext"] = new StandInLambdaContext("server-req-1", FunctionArn, TimeSpan.FromSeconds(10), header);
        });

        // SendAsync returns once the response has started; the response completes when the pipeline (and the flush) ends.
        var atCompletion = await app.OutputAtCompletionAsync("m");
        Assert.Equal(200, result.Response.StatusCode);
        var line = Assert.Single(atCompletion, l => l.TryGetProperty("message", out var m) && m.GetString() == "looked up m");
        Assert.Equal("server-req-1", line.GetProperty("function_request_id").GetString());
        Assert.True(XRayTraceHeader.TryParse(header, out var parsed));
        Assert.Equal(parsed!.Root, line.GetProperty("xray_trace_id").GetString());
    }

    [Fact]
    public async Task An_unmapped_AspNetCoreServer_context_is_announced_once()
    {
        await using var app = new LambdaApp([], null);
        for (int i = 0; i < 2; i++)
        {
            var sku = "u" + i;
            await app.Server!.SendAsync(context =>
            {
                context.Request.Method = "GET";
                context.Request.Path = "/stock/" + sku;
                context.Items["LambdaContext"] = new StandInLambdaContext("server-req-" + sku, FunctionArn, TimeSpan.FromSeconds(10), NewTraceHeader());
            });
            await app.OutputAtCompletionAsync(sku);
        }

        // Served as invocations either way; the SDK says once how to get Lambda's request id on the lines.
        Assert.Equal(2, app.Logs("looked up").Count);
        var warning = Assert.Single(app.Lines(), l => l.TryGetProperty("reason", out var r) && r.GetString() == "lambda_context_unmapped");
        Assert.Equal("Warning", warning.GetProperty("level").GetString());
        Assert.Contains("MatCarvAspNetCoreOptions.Invocation", warning.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_mapping_that_throws_is_counted_and_the_request_still_served_as_an_invocation()
    {
        await using var app = new LambdaApp([], o => o.Invocation = _ => throw new InvalidCastException("not the context I expected"));
        var header = NewTraceHeader();
        using var response = await app.GetAsync("/stock/t", ("x-amzn-lambda-context", AdapterContext("req-t", header)));

        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        var line = Assert.Single(app.Logs("looked up"));
        Assert.Equal("req-t", line.GetProperty("function_request_id").GetString()); // the next source in order
        var telemetry = app.App.Services.GetRequiredService<MatCarvTelemetry>();
        Assert.Equal(1, telemetry.GetDiagnostics().GetDropCount("invocation", "mapping_failed"));
    }

    [Fact]
    public async Task Without_any_source_the_trace_header_comes_from_the_runtimes_variable()
    {
        const string RuntimeHeader = "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1";
        await using var app = new LambdaApp(new() { ["_X_AMZN_TRACE_ID"] = RuntimeHeader }, null);
        await app.GetAsync("/stock/e");
        var line = Assert.Single(app.Logs("looked up"));
        Assert.Equal("1-5759e988-bd862e3fe1be46a994272793", line.GetProperty("xray_trace_id").GetString());
        Assert.False(string.IsNullOrEmpty(line.GetProperty("function_request_id").GetString()));
    }

    [Fact]
    public async Task A_failing_request_ends_its_invocation_with_the_error()
    {
        await using var app = new LambdaApp([], null);
        var header = NewTraceHeader();
        Assert.True(XRayTraceHeader.TryParse(header, out var parsed));
        await Assert.ThrowsAsync<InvalidOperationException>(() => app.GetAsync("/fail/x", ("x-amzn-lambda-context", AdapterContext("req-fail", header))));

        // The buffered debug context is written because the invocation ended with an unhandled exception.
        var debug = Assert.Single(app.Logs("context before the failure"));
        Assert.Equal("req-fail", debug.GetProperty("function_request_id").GetString());

        var datagrams = await app.Collector.WaitForAsync(received => received.Any(d => d.TraceId == parsed!.Root));
        var request = Assert.Single(datagrams, d => d.TraceId == parsed!.Root).Body;
        Assert.True(request.GetProperty("fault").GetBoolean());
        Assert.Equal(500, request.GetProperty("http").GetProperty("response").GetProperty("status").GetInt32());
    }

    [Fact]
    public async Task Outside_Lambda_or_when_switched_off_requests_are_not_invocations()
    {
        await using (var service = new LambdaApp([], null, lambda: false))
        {
            await service.GetAsync("/stock/s", ("x-amzn-lambda-context", AdapterContext("req-s", NewTraceHeader())));
            Assert.Empty(service.Logs("looked up")); // no invocation: nothing flushed at the end of the request
            await service.StopAsync();
            Assert.False(Assert.Single(service.Logs("looked up")).TryGetProperty("function_request_id", out _));
        }

        await using var off = new LambdaApp([], o => o.RequestsAreInvocations = false);
        await off.GetAsync("/stock/o", ("x-amzn-lambda-context", AdapterContext("req-o", NewTraceHeader())));
        await off.StopAsync();
        Assert.Single(off.Logs("looked up"));
        Assert.DoesNotContain(off.Lines(), l => l.TryGetProperty("function_request_id", out _));
    }

    /// <summary>The part of Amazon.Lambda.Core's ILambdaContext a mapping reads (the package is not available here).</summary>
    private sealed record StandInLambdaContext(string AwsRequestId, string InvokedFunctionArn, TimeSpan RemainingTime, string TraceId);
}
