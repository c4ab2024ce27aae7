using System.Text.Json;
using MatCarv.EndToEnd.Tests.Infrastructure;
using MatCarv.Testing;
using MatCarv.HealthEvents.Tests.Infrastructure;
using MatCarv.Observability.Tests.Tracing.Support;

namespace MatCarv.EndToEnd.Tests;

/// <summary>
/// The Lambda sample as a user builds it: PackageReferences to MatCarv.Observability and MatCarv.HealthEvents from a
/// local feed, run with a real UDP "daemon" and a real PutEvents endpoint on 127.0.0.1.
/// </summary>
[Collection(PackageFeedCollection.Name)]
[Trait("Category", "Slow")]
public sealed class LambdaSampleTests
{
    private static readonly string[] PowertoolsLambdaKeys =
        ["level", "message", "timestamp", "service", "cold_start", "function_arn", "function_memory_size", "function_name", "function_request_id", "xray_trace_id"];

    private readonly PackageFeed _feed;

    public LambdaSampleTests(PackageFeed feed) => _feed = feed;

    [Fact]
    public async Task Lambda_sample_built_from_packages_emits_valid_logs_metrics_traces_and_health_events()
    {
        var project = _feed.CreateConsumer("MatCarv.Samples.LambdaFunction", "Microsoft.NET.Sdk", ["MatCarv.Observability", "MatCarv.HealthEvents"]);
        var build = await ProcessRunner.RunAsync("dotnet", ["build", "-c", "Release", "-o", Path.Combine(project, "out")], project);
        Assert.True(build.ExitCode == 0, build.Describe());

        using var daemon = new UdpCollector();
        using var eventBridge = new PutEventsCollector();
        var run = await ProcessRunner.RunAsync("dotnet", [Path.Combine(project, "out", "MatCarv.Samples.LambdaFunction.dll")], project, SampleEnvironment(daemon, eventBridge), TimeSpan.FromMinutes(2));
        Assert.True(run.ExitCode == 0, run.Describe());
        await Task.Delay(300);

        AssertLambdaSignals(run.StandardOutput, daemon, eventBridge);

        // The same build under Lambda's advanced logging controls (JSON format, WARN): Lambda files every line by its
        // "level" key (anything but TRACE/DEBUG/INFO/WARN/ERROR/FATAL, or no key, is INFO) and drops what is below WARN.
        var environment = SampleEnvironment(daemon, eventBridge);
        environment["AWS_LAMBDA_LOG_FORMAT"] = "JSON";
        environment["AWS_LAMBDA_LOG_LEVEL"] = "WARN";
        var filtered = await ProcessRunner.RunAsync("dotnet", [Path.Combine(project, "out", "MatCarv.Samples.LambdaFunction.dll")], project, environment, TimeSpan.FromMinutes(2));
        Assert.True(filtered.ExitCode == 0, filtered.Describe());
        AssertOnlyLambdaLevels(filtered.StandardOutput);
    }

    /// <param name="stdout">What the sample wrote to stdout.</param>
    /// <param name="healthEventsOnStdout">
    /// Whether no AWS was configured, so the health events are on stdout (the README's local run); in Lambda they go to
    /// EventBridge with the function role's credentials.
    /// </param>
    internal static void AssertOnlyLambdaLevels(string stdout, bool healthEventsOnStdout = false)
    {
        var output = EmittedOutput.Parse(stdout);
        Assert.All(output.Logs, l => Assert.Contains(l.GetProperty("level").GetString(), (string[])["WARN", "ERROR", "FATAL"]));

        // Its warnings and errors are still there: the SDK's own start-up warnings (requested Debug below WARN, buffering
        // off, EMF filed as INFO) and the failing invocation's error, with its request context.
        Assert.Contains(output.Logs, l => l.GetProperty("level").GetString() == "WARN" && l.GetProperty("message").GetString()!.Contains("Advanced Logging Controls", StringComparison.Ordinal));
        Assert.Contains(output.Logs, l => l.GetProperty("level").GetString() == "WARN" && l.GetProperty("reason").GetString() == "lambda_log_level" && l.GetProperty("signal").GetString() == "metrics");
        var error = Assert.Single(output.Logs, l => l.GetProperty("level").GetString() == "ERROR");
        Assert.Equal("ord-1003", error.GetProperty("correlation_id").GetString());
        Assert.True(error.TryGetProperty("function_request_id", out _));

        // Lines without a level are EMF documents only (documented: Lambda files them as INFO; the warning above says so).
        // With no AWS configured, the health events stand in for EventBridge (announced with a WARN line) and carry a level
        // from their status, so Lambda keeps them: the sample's are an Unhealthy check and the recovery from it (the worse
        // of old and new), both ERROR.
        Assert.NotEmpty(output.Emf);
        if (healthEventsOnStdout)
        {
            Assert.Equal(["Unhealthy", "Healthy"], output.HealthEvents.Select(e => e.GetProperty("detail").GetProperty("status").GetString()));
            Assert.All(output.HealthEvents, e => Assert.Equal("ERROR", e.GetProperty("level").GetString()));
            Assert.Contains(output.Logs, l => l.GetProperty("level").GetString() == "WARN" && l.GetProperty("message").GetString()!.StartsWith("MatCarv.HealthEvents writes health events as JSON lines to stdout", StringComparison.Ordinal));
        }
        else
        {
            Assert.Empty(output.HealthEvents);
        }
    }

    internal static Dictionary<string, string?> SampleEnvironment(UdpCollector daemon, PutEventsCollector eventBridge) => new()
    {
        ["AWS_XRAY_DAEMON_ADDRESS"] = $"127.0.0.1:{daemon.Port}",
        ["AWS_ENDPOINT_URL_EVENTBRIDGE"] = eventBridge.Url,
        ["AWS_REGION"] = "us-east-1",
        ["AWS_ACCESS_KEY_ID"] = "AKIAIOSFODNN7EXAMPLE",
        ["AWS_SECRET_ACCESS_KEY"] = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
        ["AWS_SESSION_TOKEN"] = null,
        ["AWS_PROFILE"] = null,
        ["AWS_LAMBDA_FUNCTION_NAME"] = null,
        ["POWERTOOLS_SERVICE_NAME"] = null,
        ["_X_AMZN_TRACE_ID"] = null,
    };

    internal static void AssertLambdaSignals(string stdout, UdpCollector daemon, PutEventsCollector eventBridge)
    {
        var output = EmittedOutput.Parse(stdout);

        // Logs: the Powertools keys on every invocation line, one cold start, then warm ones; 4 invocations.
        var invocationLogs = output.Logs.Where(l => l.TryGetProperty("function_request_id", out _)).ToList();
        Assert.NotEmpty(invocationLogs);
        foreach (var line in invocationLogs)
        {
            foreach (var key in PowertoolsLambdaKeys)
            {
                Assert.True(line.TryGetProperty(key, out _), $"log line lacks {key}: {line.GetRawText()}");
            }

            Assert.Equal("orders", line.GetProperty("service").GetString());
            Assert.Equal("orders-fn", line.GetProperty("function_name").GetString());
        }

        var requests = invocationLogs.GroupBy(l => l.GetProperty("function_request_id").GetString()).ToList();
        Assert.Equal(4, requests.Count);
        Assert.True(requests[0].All(l => l.GetProperty("cold_start").GetBoolean()));
        Assert.True(requests.Skip(1).SelectMany(g => g).All(l => !l.GetProperty("cold_start").GetBoolean()));

        // The failing invocation wrote its buffered debug line, then the error with the exception object.
        var error = Assert.Single(invocationLogs, l => l.GetProperty("level").GetString() == "Error");
        Assert.Equal("MatCarv.Samples.LambdaFunction.Orders.PaymentDeclinedException", error.GetProperty("exception").GetProperty("type").GetString());
        Assert.Equal("ord-1003", error.GetProperty("correlation_id").GetString());
        Assert.Contains(invocationLogs, l => l.GetProperty("level").GetString() == "Debug" && l.GetProperty("function_request_id").GetString() == error.GetProperty("function_request_id").GetString());
        Assert.DoesNotContain(invocationLogs, l => l.GetProperty("level").GetString() == "Debug" && l.GetProperty("function_request_id").GetString() != error.GetProperty("function_request_id").GetString());

        // Metrics: every document valid (checked in Parse); the cold start once; the API and the Meter bridge both present.
        Assert.Single(output.Emf, d => d.TryGetProperty("ColdStart", out _));
        Assert.Equal(3, output.Emf.Count(d => d.TryGetProperty("OrdersPlaced", out _)));
        Assert.Contains(output.Emf, d => d.TryGetProperty("orders.items", out _) && d.GetProperty("channel").GetString() == "web");
        Assert.All(output.Emf, d => Assert.Equal("MatCarvSamples", d.GetProperty("_aws").GetProperty("CloudWatchMetrics")[0].GetProperty("Namespace").GetString()));

        // Traces: Lambda sends subsegments only, each parented in the invocation's trace, every datagram valid.
        var datagrams = daemon.Datagrams.Select(d => new XRayDatagram(System.Text.Encoding.UTF8.GetBytes(d))).ToList();
        XRaySchema.AssertDatagrams(datagrams);
        Assert.All(datagrams, d => Assert.True(d.IsSubsegmentDocument, "Lambda must send subsegments only: " + d.Body.GetRawText()));
        var traceIds = invocationLogs.Select(l => l.GetProperty("xray_trace_id").GetString()).ToHashSet();
        Assert.All(datagrams, d => Assert.Contains(d.TraceId, traceIds));
        var handlers = datagrams.Where(d => d.Body.GetProperty("name").GetString() == "## orders-fn").ToList();
        Assert.Equal(4, handlers.Count);
        Assert.Single(handlers, h => h.Body.GetProperty("annotations").GetProperty("ColdStart").GetBoolean());
        Assert.Single(handlers, h => h.Body.TryGetProperty("fault", out var f) && f.GetBoolean());
        var nodes = datagrams.SelectMany(d => d.Flatten()).Select(n => n.Node).ToList();
        Assert.Equal(4, nodes.Count(n => n.GetProperty("name").GetString() == "ChargePayment"));
        Assert.Equal(4, nodes.Count(n => n.GetProperty("name").GetString() == "ValidateOrder"));

        // Health events: PutEvents JSON 1.1, SigV4-signed, Unhealthy then Healthy, detail valid against the committed schema.
        var putEvents = eventBridge.Requests.ToList();
        Assert.NotEmpty(putEvents);
        var statuses = new List<string>();
        foreach (var request in putEvents)
        {
            Assert.Equal("POST", request.Method);
            Assert.Equal("AWSEvents.PutEvents", request.Headers["X-Amz-Target"]);
            Assert.StartsWith("application/x-amz-json-1.1", request.Headers["Content-Type"], StringComparison.Ordinal);
            Assert.StartsWith("AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/", request.Headers["Authorization"], StringComparison.Ordinal);
            Assert.Contains("/us-east-1/events/aws4_request", request.Headers["Authorization"], StringComparison.Ordinal);
            using var body = JsonDocument.Parse(request.Body);
            foreach (var entry in body.RootElement.GetProperty("Entries").EnumerateArray())
            {
                Assert.Equal("com.matcarv.samples.orders", entry.GetProperty("Source").GetString());
                using var detail = JsonDocument.Parse(entry.GetProperty("Detail").GetString()!);
                HealthEventSchema.AssertValid(detail.RootElement);
                statuses.Add(detail.RootElement.GetProperty("status").GetString()!);
            }
        }

        Assert.Equal(["Unhealthy", "Healthy"], statuses);
        Assert.Empty(output.HealthEvents); // sent to EventBridge, so not on stdout
    }
}
