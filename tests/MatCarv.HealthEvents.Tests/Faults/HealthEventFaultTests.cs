using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using MatCarv.HealthEvents.Tests.Infrastructure;
using MatCarv.HealthEvents.Tests.Transport;
using MatCarv.Observability.Diagnostics;
using MatCarv.Observability.Lambda;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace MatCarv.HealthEvents.Tests.Faults;

/// <summary>
/// The fault suite for health events (issue 10): a real SigV4-checking PutEvents endpoint on 127.0.0.1 that throttles,
/// fails, drops connections or is down. Every scenario checks the outcome that matters: each event accepted exactly once
/// (by event id), and drops counted equal to the actual loss. Time is scaled: backoffs of milliseconds instead of seconds,
/// outages of seconds instead of minutes; the promise is stated in those terms (an outage shorter than
/// <see cref="HealthEventsOptions.RetentionPeriod"/> loses nothing within the queue capacity).
/// </summary>
public sealed class HealthEventFaultTests
{
    private static HealthEvent Event(int i) =>
        new(i % 2 == 0 ? HealthStatus.Unhealthy : HealthStatus.Healthy, $"reason {i}") { Checks = [new HealthEventCheck("db", HealthStatus.Unhealthy, TimeSpan.FromMilliseconds(i))] };

    private static void AssertExactlyOnce(FakeEventBridge server, int published)
    {
        var ids = server.Accepted.Select(d => d.GetProperty("eventId").GetString()).ToList();
        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.Equal(Enumerable.Range(1, published).Select(i => (long)i), server.Accepted.Select(d => d.GetProperty("sequence").GetInt64()).Order());
    }

    private static long TotalDrops(TestStack stack) => stack.DropCount("health_events");

    [Fact]
    public async Task A_throttling_storm_delivers_every_event_exactly_once_with_several_requests_in_flight()
    {
        await using var server = await FakeEventBridge.StartAsync();
        for (int i = 0; i < 50; i++)
        {
            server.NextThrottle();
        }

        await using var stack = TestStack.Create(TestStack.ForServer(server, o => o.FlushTimeout = TimeSpan.FromSeconds(60)));
        for (int i = 0; i < 1000; i++)
        {
            Assert.True(stack.Publisher.TryPublish(Event(i)));
        }

        await stack.Lambda.FlushAsync(TimeSpan.FromSeconds(60));

        AssertExactlyOnce(server, 1000);
        Assert.Equal(0, TotalDrops(stack));
        Assert.InRange(server.MaxConcurrentRequests, 2, 4);
    }

    [Fact]
    public async Task A_hundred_server_errors_in_a_row_lose_nothing()
    {
        await using var server = await FakeEventBridge.StartAsync();
        for (int i = 0; i < 100; i++)
        {
            server.NextServerError();
        }

        await using var stack = TestStack.Create(TestStack.ForServer(server, o => o.FlushTimeout = TimeSpan.FromSeconds(60)));
        for (int i = 0; i < 1000; i++)
        {
            stack.Publisher.TryPublish(Event(i));
        }

        await stack.Lambda.FlushAsync(TimeSpan.FromSeconds(60));

        AssertExactlyOnce(server, 1000);
        Assert.Equal(0, TotalDrops(stack));
    }

    [Fact]
    public async Task Throttling_server_errors_failed_entries_and_failed_requests_at_once_deliver_each_event_exactly_once()
    {
        await using var server = await FakeEventBridge.StartAsync();
        for (int i = 0; i < 10; i++)
        {
            server.NextThrottle();
            server.NextServerError();
            server.NextFailEntries("InternalFailure", 0, 2, 5);
            server.NextAbort();
            server.NextFailEntries("ThrottlingException", 1, 9);
        }

        await using var stack = TestStack.Create(TestStack.ForServer(server, o => o.FlushTimeout = TimeSpan.FromSeconds(60)));
        for (int i = 0; i < 300; i++)
        {
            stack.Publisher.TryPublish(Event(i));
        }

        await stack.Lambda.FlushAsync(TimeSpan.FromSeconds(60));

        AssertExactlyOnce(server, 300);
        Assert.Equal(0, TotalDrops(stack));
    }

    [Fact]
    public async Task An_outage_shorter_than_the_retention_period_loses_nothing_and_duplicates_nothing()
    {
        int port = FreePort(); // down: connections to it are refused until the endpoint starts there
        await using var stack = TestStack.Create(o =>
        {
            o.ServiceUrl = new Uri($"http://127.0.0.1:{port}/");
            o.Region = FakeEventBridge.Region;
            o.Credentials = new Amazon.Runtime.SessionAWSCredentials(FakeEventBridge.AccessKey, FakeEventBridge.SecretKey, FakeEventBridge.SessionToken);
            o.RetryBaseDelay = TimeSpan.FromMilliseconds(10);
            o.MaxRetryDelay = TimeSpan.FromMilliseconds(200);
            o.RetentionPeriod = TimeSpan.FromSeconds(30);
            o.FlushTimeout = TimeSpan.FromSeconds(30);
        });
        for (int i = 0; i < 200; i++)
        {
            stack.Publisher.TryPublish(Event(i));
        }

        await Task.Delay(TimeSpan.FromSeconds(2)); // the outage (the 30-minute case scaled by RetentionPeriod and backoff)
        Assert.Equal(0, TotalDrops(stack));
        await using var server = await FakeEventBridge.StartAsync(port);
        await stack.Lambda.FlushAsync(TimeSpan.FromSeconds(30));

        AssertExactlyOnce(server, 200);
        Assert.Equal(0, TotalDrops(stack));
    }

    [Fact]
    public async Task An_endpoint_that_never_answers_keeps_the_invocation_deadline_and_the_events_for_later()
    {
        await using var server = await FakeEventBridge.StartAsync();
        var hold = new TaskCompletionSource();
        server.Always = async _ =>
        {
            await hold.Task;
            return null;
        };
        await using var stack = TestStack.Create(TestStack.ForServer(server, o =>
        {
            o.FlushTimeout = TimeSpan.FromMilliseconds(300);
            o.RequestTimeout = TimeSpan.FromMilliseconds(200);
        }));

        var watch = Stopwatch.StartNew();
        await stack.Lambda.RunAsync(new LambdaInvocation("req-1", "arn:aws:lambda:eu-west-1:123456789012:function:orders") { RemainingTime = TimeSpan.FromSeconds(10) }, _ =>
        {
            stack.Publisher.TryPublish(Event(0));
            return Task.FromResult(0);
        });
        Assert.InRange(watch.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(2));
        Assert.Empty(server.Accepted);

        // The endpoint answers again; the requests it swallowed stay unanswered (their client gave up: nothing accepted).
        server.Always = null;
        await stack.Lambda.RunAsync(new LambdaInvocation("req-2", "arn:aws:lambda:eu-west-1:123456789012:function:orders") { RemainingTime = TimeSpan.FromSeconds(10) }, _ =>
        {
            stack.Publisher.TryPublish(Event(1));
            return Task.FromResult(0);
        });
        await server.WaitForAcceptedAsync(2);

        // A request whose answer never came is ambiguous (the endpoint may have accepted it): delivery is at least once,
        // and the event id (and dedup key) identify a repeat. Every event arrived; none was dropped.
        Assert.Equal(new long[] { 1, 2 }, server.Accepted.Select(d => d.GetProperty("sequence").GetInt64()).Distinct().Order());
        Assert.Equal(0, TotalDrops(stack));
        hold.SetResult();
    }

    [Fact]
    public async Task Events_a_throttled_invocation_could_not_deliver_are_kept_and_sent_with_the_next_invocation()
    {
        await using var server = await FakeEventBridge.StartAsync();
        server.Always = _ => Task.FromResult<FakeEventBridge.Response?>(FakeEventBridge.Response.Error(HttpStatusCode.BadRequest, "ThrottlingException", "Rate exceeded"));
        await using var stack = TestStack.Create(TestStack.ForServer(server, o => o.FlushTimeout = TimeSpan.FromMilliseconds(300)));
        var arn = "arn:aws:lambda:eu-west-1:123456789012:function:orders";

        var watch = Stopwatch.StartNew();
        await stack.Lambda.RunAsync(new LambdaInvocation("req-1", arn) { RemainingTime = TimeSpan.FromSeconds(30) }, _ => Task.FromResult(stack.Publisher.TryPublish(Event(0))));
        Assert.InRange(watch.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(3)); // FlushTimeout (0.3 s), not the 30 s remaining
        Assert.Empty(server.Accepted);
        Assert.True(server.Requests.Count > 1); // several attempts fitted into the flush

        server.Always = null;
        await stack.Lambda.RunAsync(new LambdaInvocation("req-2", arn) { RemainingTime = TimeSpan.FromSeconds(30) }, _ => Task.FromResult(stack.Publisher.TryPublish(Event(1))));

        AssertExactlyOnce(server, 2);
        Assert.Equal(0, TotalDrops(stack));
    }

    [Fact]
    public async Task The_first_invocations_flush_never_waits_for_a_slow_credential_chain()
    {
        await using var server = await FakeEventBridge.StartAsync();
        var credentials = new TestCredentials { Latency = TimeSpan.FromSeconds(2) };
        await using var stack = TestStack.Create(TestStack.ForServer(server, o => o.Credentials = credentials));
        var arn = "arn:aws:lambda:eu-west-1:123456789012:function:orders";

        var watch = Stopwatch.StartNew();
        await stack.Lambda.RunAsync(new LambdaInvocation("req-1", arn) { RemainingTime = TimeSpan.FromSeconds(3) }, _ => Task.FromResult(stack.Publisher.TryPublish(Event(0))));
        watch.Stop();
        Assert.InRange(watch.Elapsed, TimeSpan.Zero, TimeSpan.FromMilliseconds(500)); // was ~1.2 s (IMDS) before

        await stack.Sender.Sink; // resolved in the background meanwhile
        await stack.Lambda.RunAsync(new LambdaInvocation("req-2", arn) { RemainingTime = TimeSpan.FromSeconds(3) }, _ => Task.FromResult(stack.Publisher.TryPublish(Event(1))));

        AssertExactlyOnce(server, 2);
        Assert.Empty(stack.Output.EventLines()); // never fell back to stdout
    }

    [Fact]
    public async Task Credentials_that_fail_at_first_are_retried_with_backoff_and_events_reach_EventBridge_not_stdout_for_good()
    {
        await using var server = await FakeEventBridge.StartAsync();
        var credentials = new TestCredentials { FailuresBeforeSuccess = 3 };
        // A configured credential source that fails is an outage of it: events wait rather than print.
        await using var stack = TestStack.Create(TestStack.ForServer(server, o => o.Credentials = credentials));
        for (int i = 0; i < 5; i++)
        {
            stack.Publisher.TryPublish(Event(i));
        }

        await stack.Sender.Sink.WaitAsync(TimeSpan.FromSeconds(10));
        await stack.Lambda.FlushAsync(TimeSpan.FromSeconds(10));

        Assert.True(credentials.Calls >= 4);
        AssertExactlyOnce(server, 5);
        Assert.Empty(stack.Output.EventLines());
        var warnings = stack.Output.Warnings();
        Assert.Contains(warnings, w => w.Contains("waiting for AWS credentials", StringComparison.Ordinal));
        Assert.Contains(warnings, w => w.Contains("now sends health events to EventBridge", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_status_change_that_repeats_the_status_is_sent_as_a_heartbeat()
    {
        await using var server = await FakeEventBridge.StartAsync();
        await using var stack = TestStack.Create(TestStack.ForServer(server, o => o.MaxConcurrentRequests = 1));
        stack.Publisher.TryPublish(new HealthEvent(HealthStatus.Unhealthy, "down"));
        stack.Publisher.TryPublish(new HealthEvent(HealthStatus.Unhealthy, "still down"));
        stack.Publisher.TryPublish(new HealthEvent(HealthStatus.Healthy, "back") { PreviousStatus = HealthStatus.Healthy });
        stack.Publisher.TryPublish(new HealthEvent(HealthStatus.Healthy, "back"));
        await stack.Lambda.FlushAsync(TimeSpan.FromSeconds(10));

        var kinds = server.Accepted.OrderBy(d => d.GetProperty("sequence").GetInt64()).Select(d => d.GetProperty("kind").GetString()).ToArray();
        Assert.Equal(new string?[] { "statusChanged", "heartbeat", "heartbeat", "statusChanged" }, kinds);
        var detailTypes = server.Requests.SelectMany(r => r.Entries()).Select(e => e.GetProperty("DetailType").GetString()).ToArray();
        Assert.Equal(2, detailTypes.Count(t => t == "Service Health Heartbeat"));
        Assert.Equal("Unhealthy", server.Accepted.Single(d => d.GetProperty("sequence").GetInt64() == 4).GetProperty("previousStatus").GetString());
    }

    [Fact]
    public async Task The_senders_own_http_calls_are_never_traced()
    {
        await using var server = await FakeEventBridge.StartAsync();
        int recorded = 0;
        using var source = new ActivitySource("Tests.UserCode");
        using var listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name is "System.Net.Http" or "Tests.UserCode",

            // OpenTelemetry's default sampler: ParentBased(AlwaysOn).
            Sample = static (ref ActivityCreationOptions<ActivityContext> o) =>
                o.Parent == default || (o.Parent.TraceFlags & ActivityTraceFlags.Recorded) != 0 ? ActivitySamplingResult.AllDataAndRecorded : ActivitySamplingResult.PropagationData,
            ActivityStarted = a =>
            {
                if (a.Source.Name == "System.Net.Http" && a.Recorded)
                {
                    Interlocked.Increment(ref recorded);
                }
            },
        };
        ActivitySource.AddActivityListener(listener);

        await using var stack = TestStack.Create(TestStack.ForServer(server));
        using (source.StartActivity("handler"))
        {
            stack.Publisher.TryPublish(Event(0)); // published inside a recorded user trace
        }

        await stack.Lambda.FlushAsync(TimeSpan.FromSeconds(10));
        Assert.Single(server.Accepted);

        // The listener does record ordinary HttpClient calls: the check above is not vacuous.
        using var http = new HttpClient();
        using (source.StartActivity("call"))
        {
            using var _ = await http.GetAsync(server.Url);
        }

        Assert.Equal(1, Volatile.Read(ref recorded));
    }

    [Fact]
    public async Task Disposing_right_after_start_is_clean_and_counts_what_was_not_sent_on_the_meter()
    {
        long observed = 0;
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == TelemetryDiagnosticsSnapshot.MeterName)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (tag.Key == "reason" && (string?)tag.Value == "shutdown")
                {
                    Interlocked.Add(ref observed, value);
                }
            }
        });
        listener.Start();

        var credentials = new TestCredentials { Latency = TimeSpan.FromSeconds(5) }; // still resolving at dispose
        var stack = TestStack.Create(o =>
        {
            o.Region = FakeEventBridge.Region;
            o.Credentials = credentials;
        });
        for (int i = 0; i < 5; i++)
        {
            stack.Publisher.TryPublish(Event(i));
        }

        var output = stack.Output;
        var lambda = stack.Lambda;
        var watch = Stopwatch.StartNew();
        await stack.DisposeAsync();
        Assert.InRange(watch.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(3));

        Assert.Equal(5, lambda.GetDiagnostics().GetDropCount("health_events", "shutdown"));
        Assert.Equal(5, Interlocked.Read(ref observed));
        Assert.DoesNotContain(output.Warnings(), w => w.Contains("unexpectedly", StringComparison.Ordinal) || w.Contains("Disposed", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_shutdown_flush_keeps_its_deadline_and_counts_what_it_could_not_deliver()
    {
        await using var server = await FakeEventBridge.StartAsync();
        server.Always = _ => Task.FromResult<FakeEventBridge.Response?>(FakeEventBridge.Response.Error(HttpStatusCode.BadRequest, "ThrottlingException", "Rate exceeded"));
        var stack = TestStack.Create(TestStack.ForServer(server), shutdownFlushTimeout: TimeSpan.FromMilliseconds(500));
        stack.Publisher.TryPublish(Event(0));
        var lambda = stack.Lambda;

        var watch = Stopwatch.StartNew();
        await stack.DisposeAsync();
        Assert.InRange(watch.Elapsed, TimeSpan.FromMilliseconds(400), TimeSpan.FromSeconds(3));
        Assert.True(server.Requests.Count > 2); // retried within the shutdown deadline
        Assert.Equal(1, lambda.GetDiagnostics().GetDropCount("health_events", "shutdown"));
    }

    [Fact]
    public async Task The_shutdown_flush_delivers_what_the_invocations_could_not()
    {
        await using var server = await FakeEventBridge.StartAsync();
        for (int i = 0; i < 4; i++)
        {
            server.NextThrottle();
            server.NextServerError();
        }

        for (int i = 0; i < 3; i++)
        {
            server.NextAbort();
        }

        // Production backoffs (1 s throttling base, 20 s cap): the invocation's flush gives up after FlushTimeout, the
        // shutdown flush fits the remaining retries into ShutdownFlushTimeout.
        var stack = TestStack.Create(
            o =>
            {
                o.ServiceUrl = server.Url;
                o.Region = FakeEventBridge.Region;
                o.Credentials = new Amazon.Runtime.SessionAWSCredentials(FakeEventBridge.AccessKey, FakeEventBridge.SecretKey, FakeEventBridge.SessionToken);
                o.FlushTimeout = TimeSpan.FromMilliseconds(200);
            },
            shutdownFlushTimeout: TimeSpan.FromSeconds(5));
        await stack.Lambda.RunAsync(new LambdaInvocation("req-1", "arn:aws:lambda:eu-west-1:123456789012:function:orders") { RemainingTime = TimeSpan.FromSeconds(30) }, _ =>
        {
            stack.Publisher.TryPublish(new HealthEvent(HealthStatus.Unhealthy, "payments down"));
            stack.Publisher.TryPublish(new HealthEvent(HealthStatus.Healthy, "payments back"));
            return Task.FromResult(0);
        });

        var lambda = stack.Lambda;
        await stack.DisposeAsync();

        AssertExactlyOnce(server, 2);
        Assert.Equal(0, lambda.GetDiagnostics().GetDropCount("health_events"));
    }

    [Fact]
    public async Task Health_event_lines_on_stdout_carry_every_field_TestEventPattern_requires()
    {
        await using var stack = TestStack.Create(o => o.Transport = HealthEventsTransport.Stdout);
        await stack.Lambda.RunAsync(new LambdaInvocation("req-1", "arn:aws:lambda:eu-west-1:210987654321:function:orders") { RemainingTime = TimeSpan.FromSeconds(5) }, _ =>
            Task.FromResult(stack.Publisher.TryPublish(new HealthEvent(HealthStatus.Unhealthy, "down"))));
        stack.Publisher.TryPublish(new HealthEvent(HealthStatus.Healthy, "back"));
        await stack.Lambda.FlushAsync(TimeSpan.FromSeconds(5));

        var lines = stack.Output.EventLines();
        Assert.Equal(2, lines.Length);
        foreach (var line in lines)
        {
            // EventBridge API reference, TestEventPattern: id, account, source, time, region, resources, detail-type are mandatory.
            foreach (var field in new[] { "id", "account", "source", "time", "region", "resources", "detail-type" })
            {
                Assert.True(line.TryGetProperty(field, out _), $"missing {field}: {line.GetRawText()}");
            }

            Assert.Matches("^[0-9]{12}$", line.GetProperty("account").GetString());
            Assert.True(Guid.TryParse(line.GetProperty("id").GetString(), out _));
            Assert.True(DateTimeOffset.TryParse(line.GetProperty("time").GetString(), out _));
            Assert.Equal(JsonValueKind.Array, line.GetProperty("resources").ValueKind);
        }

        Assert.Equal("210987654321", lines[0].GetProperty("account").GetString()); // from the invocation's function ARN
        Assert.Equal("000000000000", lines[1].GetProperty("account").GetString()); // the documented placeholder
        Assert.Equal("local", lines[1].GetProperty("region").GetString());
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
