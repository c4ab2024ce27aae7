using System.Net;
using Amazon.Runtime;
using MatCarv.HealthEvents.Tests.Infrastructure;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Time.Testing;

namespace MatCarv.HealthEvents.Tests.Transport;

/// <summary>The two errors fixed by changing the request itself: expired temporary credentials and clock skew.</summary>
public sealed class RequestRepairTests
{
    [Fact]
    public async Task A_skewed_clock_is_corrected_from_the_Date_header_and_the_event_accepted()
    {
        await using var server = await FakeEventBridge.StartAsync();

        // The process clock is an hour behind: the endpoint answers "Signature expired" (beyond its 15-minute window).
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow - TimeSpan.FromHours(1));
        await using var stack = TestStack.Create(TestStack.ForServer(server), time: time);
        stack.Publisher.TryPublish(new HealthEvent(HealthStatus.Unhealthy, "db down"));
        Assert.True(await server.WaitForAcceptedAsync(1));

        Assert.Equal(2, server.Requests.Count);
        Assert.Equal(1, server.SignatureFailures);
    }

    [Fact]
    public async Task Expired_temporary_credentials_are_cleared_and_fetched_again_once()
    {
        await using var server = await FakeEventBridge.StartAsync();
        server.Next(_ => Task.FromResult<FakeEventBridge.Response?>(FakeEventBridge.Response.Error(HttpStatusCode.Forbidden, "ExpiredTokenException", "The security token included in the request is expired")));
        var credentials = new CountingRefreshingCredentials();
        await using var stack = TestStack.Create(TestStack.ForServer(server, o => o.Credentials = credentials));
        stack.Publisher.TryPublish(new HealthEvent(HealthStatus.Unhealthy, "db down"));
        await stack.Sender.Sink; // refreshing credentials resolve in the background; a flush never waits for that
        await stack.Lambda.FlushAsync(TimeSpan.FromSeconds(10));

        Assert.Single(server.Accepted);
        Assert.Equal(2, server.Requests.Count);
        Assert.Equal(2, credentials.Generated); // once at start-up, once after the expiry answer
    }

    [Fact]
    public async Task The_servers_retry_after_hint_replaces_the_backoff()
    {
        await using var server = await FakeEventBridge.StartAsync();
        server.Next(_ =>
        {
            var throttled = FakeEventBridge.Response.Error(HttpStatusCode.BadRequest, "ThrottlingException", "Rate exceeded");
            throttled.Headers.Add(("x-amz-retry-after", "0"));
            return Task.FromResult<FakeEventBridge.Response?>(throttled);
        });

        // On a fake clock that never advances, our own backoff (base one hour) would never elapse: only the hint lets it through.
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var stack = TestStack.Create(TestStack.ForServer(server, o =>
        {
            o.ThrottlingRetryBaseDelay = TimeSpan.FromHours(1);
            o.MaxRetryDelay = TimeSpan.FromHours(1);
        }), time: time);
        stack.Publisher.TryPublish(new HealthEvent(HealthStatus.Unhealthy, "db down"));

        Assert.True(await server.WaitForAcceptedAsync(1));
        Assert.Equal(2, server.Requests.Count);
    }

    private sealed class CountingRefreshingCredentials : RefreshingAWSCredentials
    {
        public int Generated;

        protected override CredentialsRefreshState GenerateNewCredentials()
        {
            Interlocked.Increment(ref Generated);
            return new CredentialsRefreshState(new ImmutableCredentials(FakeEventBridge.AccessKey, FakeEventBridge.SecretKey, FakeEventBridge.SessionToken), DateTime.UtcNow.AddHours(1));
        }
    }
}
