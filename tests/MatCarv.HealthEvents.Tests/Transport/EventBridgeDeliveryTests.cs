using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Amazon.Runtime;
using MatCarv.HealthEvents.Tests.Infrastructure;
using MatCarv.Observability.Lambda;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace MatCarv.HealthEvents.Tests.Transport;

/// <summary>The whole pipeline against a real PutEvents endpoint on 127.0.0.1 that checks SigV4 signatures.</summary>
public sealed class EventBridgeDeliveryTests
{
    private static HealthEvent Event(int i, HealthStatus status = HealthStatus.Unhealthy) =>
        new(status, $"reason {i}") { Checks = [new HealthEventCheck("db", status, TimeSpan.FromMilliseconds(i))] };

    private static long[] Sequences(IEnumerable<JsonElement> details) => details.Select(d => d.GetProperty("sequence").GetInt64()).ToArray();

    [Fact]
    public async Task Published_events_arrive_signed_once_each_in_sequence_order_and_match_the_schema()
    {
        await using var server = await FakeEventBridge.StartAsync();
        await using var stack = TestStack.Create(TestStack.ForServer(server));
        for (int i = 0; i < 25; i++)
        {
            Assert.True(stack.Publisher.TryPublish(Event(i)));
        }

        await stack.Lambda.FlushAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(0, server.SignatureFailures);
        Assert.Equal(Enumerable.Range(1, 25).Select(i => (long)i), Sequences(server.Accepted).Order()); // requests run concurrently
        Assert.All(server.Requests, r => Assert.Equal(r.Sequences().Order(), r.Sequences()));
        Assert.Equal(25, server.Accepted.Select(d => d.GetProperty("dedupKey").GetString()).Distinct().Count());
        Assert.All(server.Requests, r => Assert.InRange(r.Entries().Length, 1, 10));
        foreach (var detail in server.Accepted)
        {
            HealthEventSchema.AssertValid(detail);
        }

        var first = server.Requests.First(r => r.Sequences().Contains(1));
        var entry = first.Entries()[Array.IndexOf(first.Sequences(), 1L)];
        Assert.Equal("com.acme.health", entry.GetProperty("Source").GetString());
        Assert.Equal("Service Health Status Changed", entry.GetProperty("DetailType").GetString());

        // The same status again is not a change: the other 24 went out as heartbeats.
        Assert.Equal(24, server.Accepted.Count(d => d.GetProperty("kind").GetString() == "heartbeat"));
        Assert.Equal(JsonValueKind.Number, entry.GetProperty("Time").ValueKind);
        Assert.False(entry.TryGetProperty("EventBusName", out _));
        Assert.Equal("orders", server.Accepted[0].GetProperty("service").GetProperty("name").GetString());
    }

    [Fact]
    public async Task Request_level_throttling_and_server_errors_are_retried_until_accepted()
    {
        await using var server = await FakeEventBridge.StartAsync();
        server.NextThrottle();
        server.NextServerError();
        server.NextThrottle();
        await using var stack = TestStack.Create(TestStack.ForServer(server));
        for (int i = 0; i < 3; i++)
        {
            stack.Publisher.TryPublish(Event(i));
        }

        await stack.Lambda.FlushAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(new long[] { 1, 2, 3 }, Sequences(server.Accepted).Order());
        Assert.True(server.Requests.Count >= 4);
        Assert.Equal(0, stack.Lambda.GetDiagnostics().TotalDropped);
    }

    [Fact]
    public async Task Failed_entries_alone_are_resent_in_order_and_every_event_is_accepted_once()
    {
        await using var server = await FakeEventBridge.StartAsync();
        var gate = new TaskCompletionSource();
        server.NextStall(gate.Task); // hold the first request so that the next ones fill whole batches
        server.NextFailEntries("InternalFailure", 1, 3, 4);
        server.NextFailEntries("ThrottlingException", 0);
        await using var stack = TestStack.Create(TestStack.ForServer(server, o => o.MaxConcurrentRequests = 1));
        stack.Publisher.TryPublish(Event(0));
        await WaitUntil(() => server.Requests.Count == 1);
        for (int i = 1; i <= 10; i++)
        {
            stack.Publisher.TryPublish(Event(i));
        }

        gate.SetResult();
        await stack.Lambda.FlushAsync(TimeSpan.FromSeconds(10));

        var requests = server.Requests;
        Assert.Equal(new long[] { 2, 3, 4, 5, 6, 7, 8, 9, 10, 11 }, requests[1].Sequences());
        Assert.Equal(new long[] { 3, 5, 6 }, requests[2].Sequences()); // only the failed ones, in order
        Assert.Equal(new long[] { 3 }, requests[3].Sequences());       // then only the one that failed again
        Assert.All(requests, r => Assert.Equal(r.Sequences().Order(), r.Sequences()));
        var accepted = Sequences(server.Accepted);
        Assert.Equal(Enumerable.Range(1, 11).Select(i => (long)i), accepted.Order());
        Assert.Equal(accepted.Length, server.Accepted.Select(d => d.GetProperty("dedupKey").GetString()).Distinct().Count());
    }

    [Fact]
    public async Task Retried_entries_keep_their_event_id_and_dedup_key()
    {
        await using var server = await FakeEventBridge.StartAsync();
        server.NextFailEntries("InternalFailure", 0);
        await using var stack = TestStack.Create(TestStack.ForServer(server));
        stack.Publisher.TryPublish(Event(0));
        await stack.Lambda.FlushAsync(TimeSpan.FromSeconds(10));

        var first = server.Requests[0].Entries()[0].GetProperty("Detail").GetString();
        var second = server.Requests[1].Entries()[0].GetProperty("Detail").GetString();
        Assert.Equal(first, second);
        Assert.Single(server.Accepted);
    }

    [Fact]
    public async Task Terminal_entry_errors_are_dropped_counted_and_described_once()
    {
        await using var server = await FakeEventBridge.StartAsync();
        server.NextFailEntries("MalformedDetail", 0);
        server.NextFailEntries("MalformedDetail", 0);
        await using var stack = TestStack.Create(TestStack.ForServer(server));
        stack.Publisher.TryPublish(Event(0));
        await stack.Lambda.FlushAsync(TimeSpan.FromSeconds(10));
        stack.Publisher.TryPublish(Event(1));
        await stack.Lambda.FlushAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(2, server.Requests.Count); // never retried
        Assert.Empty(server.Accepted);
        Assert.Equal(2, stack.DropCount("health_events", "MalformedDetail"));
        Assert.Single(stack.Output.Warnings(), w => w.Contains("dropped health events: MalformedDetail", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_wrong_secret_is_rejected_by_the_signature_check_and_counted_as_terminal()
    {
        await using var server = await FakeEventBridge.StartAsync();
        await using var stack = TestStack.Create(TestStack.ForServer(server, o => o.Credentials = new SessionAWSCredentials(FakeEventBridge.AccessKey, "not-the-secret", FakeEventBridge.SessionToken)));
        stack.Publisher.TryPublish(Event(0));
        await stack.Lambda.FlushAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(1, server.SignatureFailures);
        Assert.Empty(server.Accepted);
        Assert.Equal(1, stack.DropCount("health_events", "InvalidSignatureException"));
    }

    [Fact]
    public async Task Publishing_never_waits_for_a_stalled_endpoint()
    {
        await using var server = await FakeEventBridge.StartAsync();
        var gate = new TaskCompletionSource();
        server.NextStall(gate.Task);
        await using var stack = TestStack.Create(TestStack.ForServer(server, o => o.MaxConcurrentRequests = 1));
        stack.Publisher.TryPublish(Event(0));
        await WaitUntil(() => server.Requests.Count == 1);

        // The endpoint holds the first request: publishing 500 more must complete without it answering.
        for (int i = 1; i <= 500; i++)
        {
            Assert.True(stack.Publisher.TryPublish(Event(i)));
        }

        Assert.Single(server.Requests);
        Assert.Empty(server.Accepted);
        gate.SetResult();
        await stack.Lambda.FlushAsync(TimeSpan.FromSeconds(20));
        Assert.Equal(Enumerable.Range(1, 501).Select(i => (long)i), Sequences(server.Accepted));
    }

    [Fact]
    public async Task Queue_stays_bounded_by_capacity_dropping_the_oldest_and_counting_them()
    {
        await using var server = await FakeEventBridge.StartAsync();
        var gate = new TaskCompletionSource();
        server.NextStall(gate.Task);
        await using var stack = TestStack.Create(TestStack.ForServer(server, o =>
        {
            o.QueueCapacity = 16;
            o.MaxConcurrentRequests = 1;
        }));
        stack.Publisher.TryPublish(Event(0));
        await WaitUntil(() => server.Requests.Count == 1);
        for (int i = 1; i <= 1000; i++)
        {
            stack.Publisher.TryPublish(Event(i));
            Assert.True(stack.Queue.QueuedCount <= 16);
        }

        gate.SetResult();
        await stack.Lambda.FlushAsync(TimeSpan.FromSeconds(10));

        var accepted = Sequences(server.Accepted);
        Assert.Equal(1 + 16, accepted.Length);            // the in-flight one, then the newest 16
        Assert.Equal(1, accepted[0]);
        Assert.Equal(Enumerable.Range(986, 16).Select(i => (long)i), accepted.Skip(1));
        Assert.Equal(1000 - 16, stack.DropCount("health_events", "queue_full"));
    }

    [Fact]
    public async Task A_slow_answer_times_out_and_the_retry_is_accepted_once()
    {
        await using var server = await FakeEventBridge.StartAsync();
        var never = new TaskCompletionSource();
        server.NextStall(never.Task);
        await using var stack = TestStack.Create(TestStack.ForServer(server, o => o.RequestTimeout = TimeSpan.FromMilliseconds(300)));
        stack.Publisher.TryPublish(Event(0));
        Assert.True(await server.WaitForAcceptedAsync(1));
        never.SetResult();
        await stack.Lambda.FlushAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(2, server.Requests.Count);
        Assert.Single(server.Accepted);
        Assert.Equal(server.Requests[0].Body, server.Requests[1].Body); // the same entry, re-signed
    }

    [Fact]
    public async Task Refused_connections_are_retried_until_the_retention_period_then_dropped_and_counted_without_blocking()
    {
        var port = FreePort(); // nothing listens there: connections are refused
        await using var stack = TestStack.Create(o =>
        {
            o.ServiceUrl = new Uri($"http://127.0.0.1:{port}/");
            o.Region = FakeEventBridge.Region;
            o.Credentials = new BasicAWSCredentials(FakeEventBridge.AccessKey, FakeEventBridge.SecretKey);
            o.RetryBaseDelay = TimeSpan.FromMilliseconds(1);
            o.MaxRetryDelay = TimeSpan.FromMilliseconds(5);
            o.RetentionPeriod = TimeSpan.FromMilliseconds(300);
            o.FlushTimeout = TimeSpan.FromSeconds(10);
        });
        Assert.True(stack.Publisher.TryPublish(Event(0)));
        await stack.Lambda.FlushAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(1, stack.DropCount("health_events", "expired"));
        Assert.Contains(stack.Output.Warnings(), w => w.Contains("expired", StringComparison.Ordinal) && w.Contains("connection_failed", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_long_run_of_server_errors_is_outlasted_there_is_no_retry_budget_to_spend()
    {
        await using var server = await FakeEventBridge.StartAsync();
        for (int i = 0; i < 60; i++)
        {
            server.NextServerError();
        }

        await using var stack = TestStack.Create(TestStack.ForServer(server, o => o.FlushTimeout = TimeSpan.FromSeconds(30)));
        for (int i = 0; i < 100; i++)
        {
            stack.Publisher.TryPublish(Event(i));
        }

        await stack.Lambda.FlushAsync(TimeSpan.FromSeconds(30));

        Assert.True(server.Requests.Count >= 60 + 10);
        Assert.Equal(Enumerable.Range(1, 100).Select(i => (long)i), Sequences(server.Accepted).Order());
        Assert.Equal(0, stack.Lambda.GetDiagnostics().TotalDropped);
    }

    [Fact]
    public async Task Lambda_invocation_end_flushes_before_the_handler_returns()
    {
        await using var server = await FakeEventBridge.StartAsync();
        await using var stack = TestStack.Create(TestStack.ForServer(server));
        await stack.Lambda.RunAsync(new LambdaInvocation("req-1", "arn:aws:lambda:eu-west-1:123456789012:function:orders") { RemainingTime = TimeSpan.FromSeconds(20), TraceHeader = "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1" }, ctx =>
        {
            stack.Publisher.TryPublish(new HealthEvent(HealthStatus.Unhealthy, "database unreachable"));
            stack.Publisher.TryPublish(new HealthEvent(HealthStatus.Healthy, "database back"));
            return Task.FromResult(0);
        });

        var accepted = server.Accepted;
        Assert.Equal(2, accepted.Count);
        Assert.Equal("Unhealthy", accepted[0].GetProperty("status").GetString());
        Assert.Equal("Healthy", accepted[1].GetProperty("status").GetString());
        Assert.Equal("Unhealthy", accepted[1].GetProperty("previousStatus").GetString());
        Assert.Equal("req-1", accepted[0].GetProperty("invocation").GetProperty("requestId").GetString());
        var entry = server.Requests[0].Entries()[0];
        Assert.Equal("Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1", entry.GetProperty("TraceHeader").GetString());
    }

    internal static async Task WaitUntil(Func<bool> condition)
    {
        for (int i = 0; i < 1500 && !condition(); i++)
        {
            await Task.Delay(10);
        }

        Assert.True(condition());
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
