using System.Text.Json;
using MatCarv.HealthEvents.Tests.Infrastructure;
using MatCarv.Testing;

namespace MatCarv.HealthEvents.Tests.Faults;

/// <summary>
/// Issue 10's "Done when": under throttling, 500s, failed entries and failed requests at once, every health event the main
/// sample sends arrives exactly once. The Lambda sample (samples/MatCarv.Samples.LambdaFunction, built with this project)
/// runs as a process with its default options (real backoffs, real flush deadlines, its shutdown flush) against a PutEvents
/// endpoint on 127.0.0.1 that checks every SigV4 signature and answers the scripted faults before it accepts anything.
/// </summary>
[Collection(FloodCollection.Name)]
public sealed class MainSampleFaultTests
{
    private static string SampleAssembly()
    {
        // This test's own output is tests/MatCarv.HealthEvents.Tests/bin/<Configuration>/<tfm>/: the sample was built alongside.
        var output = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var configuration = output.Parent!.Name;
        var repository = output.Parent.Parent!.Parent!.Parent!.Parent!.FullName;
        return Path.Combine(repository, "samples", "MatCarv.Samples.LambdaFunction", "bin", configuration, output.Name, "MatCarv.Samples.LambdaFunction.dll");
    }

    [Fact]
    public async Task Under_throttling_server_errors_failed_entries_and_failed_requests_at_once_every_sample_event_arrives_exactly_once()
    {
        var sample = SampleAssembly();
        Assert.True(File.Exists(sample), sample);
        await using var eventBridge = await FakeEventBridge.StartAsync();

        // The probe (4 throttles, 4 × 500, 3 failed requests) plus 2 per-entry failures, interleaved so that every
        // kind of fault meets every retry path: the first 13 requests fail, whichever events they carry.
        eventBridge.NextThrottle();
        eventBridge.NextServerError();
        eventBridge.NextAbort();
        eventBridge.NextFailEntries("InternalFailure", 0);
        eventBridge.NextThrottle();
        eventBridge.NextServerError();
        eventBridge.NextAbort();
        eventBridge.NextThrottle();
        eventBridge.NextServerError();
        eventBridge.NextFailEntries("ThrottlingException", 0);
        eventBridge.NextAbort();
        eventBridge.NextThrottle();
        eventBridge.NextServerError();

        var environment = new Dictionary<string, string?>
        {
            ["AWS_ENDPOINT_URL_EVENTBRIDGE"] = eventBridge.Url.ToString(),
            ["AWS_REGION"] = FakeEventBridge.Region,
            ["AWS_ACCESS_KEY_ID"] = FakeEventBridge.AccessKey,
            ["AWS_SECRET_ACCESS_KEY"] = FakeEventBridge.SecretKey,
            ["AWS_SESSION_TOKEN"] = FakeEventBridge.SessionToken,
            ["AWS_PROFILE"] = null,
            ["AWS_XRAY_DAEMON_ADDRESS"] = null, // the sample starts its stand-in daemon
            ["AWS_LAMBDA_FUNCTION_NAME"] = null,
            ["AWS_LAMBDA_LOG_FORMAT"] = null,
            ["AWS_LAMBDA_LOG_LEVEL"] = null,
            ["POWERTOOLS_SERVICE_NAME"] = null,
            ["_X_AMZN_TRACE_ID"] = null,
        };
        var run = await ProcessRunner.RunAsync("dotnet", [sample], Path.GetDirectoryName(sample)!, environment, TimeSpan.FromMinutes(3));
        Assert.True(run.ExitCode == 0, run.Describe());

        // Every fault was met and every request was signed correctly.
        Assert.Equal(0, eventBridge.SignatureFailures);
        Assert.True(eventBridge.Requests.Count >= 14, $"{eventBridge.Requests.Count} requests: the scripted faults were not all met.\n{run.Describe()}");

        // The sample's two events (the failing invocation's Unhealthy, the next one's recovery), each accepted exactly once.
        var accepted = eventBridge.Accepted;
        var ids = accepted.Select(d => d.GetProperty("eventId").GetString()).ToList();
        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.Equal(["Unhealthy", "Healthy"], accepted.OrderBy(d => d.GetProperty("sequence").GetInt64()).Select(d => d.GetProperty("status").GetString()));
        Assert.All(accepted, HealthEventSchema.AssertValid);

        // Every event id the sample ever sent was accepted (none given up), nothing was announced as dropped, and nothing
        // went to stdout instead.
        var sent = eventBridge.Requests.SelectMany(r => r.Entries()).Select(e =>
        {
            using var detail = JsonDocument.Parse(e.GetProperty("Detail").GetString()!);
            return detail.RootElement.GetProperty("eventId").GetString();
        }).ToHashSet();
        Assert.Equal(sent.Order(), ids.Order());
        var lines = run.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.DoesNotContain(lines, l => l.Contains("dropped health_events", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.Contains("\"detail-type\"", StringComparison.Ordinal));
    }
}
