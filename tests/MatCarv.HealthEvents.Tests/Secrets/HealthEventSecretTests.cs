using System.Text;
using MatCarv.HealthEvents.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace MatCarv.HealthEvents.Tests.Secrets;

/// <summary>
/// The health-event part of the secret suite (issue 10: "health-event Reason and check descriptions are published
/// unchanged"): secrets in reasons, check descriptions and tags reach neither EventBridge (HTTP) nor stdout, with the
/// default configuration. The rest of the suite: tests/MatCarv.Observability.Tests/Secrets.
/// </summary>
public sealed class HealthEventSecretTests
{
    private const string ConnectionString = "Server=db.internal;Database=orders;User Id=app;Password=hunter2-db-pass;";
    private const string Bearer = "Bearer eyJhbGciOiJIUzI1NiJ9.c2VjcmV0cGF5bG9hZDEyMw.c2lnbmF0dXJlc2lnbmF0dXJl";

    private static readonly string[] Secrets =
    [
        "hunter2-db-pass",
        "eyJhbGciOiJIUzI1NiJ9.c2VjcmV0cGF5bG9hZDEyMw.c2lnbmF0dXJlc2lnbmF0dXJl",
        "AKIAIOSFODNN7EXAMPLE",
        "ghp_0123456789abcdefghijklmnopqrstuvwxyz",
        "Sup3rS3cret",
    ];

    private static HealthEvent EventWithSecrets() => new(HealthStatus.Unhealthy, "Cannot open " + ConnectionString)
    {
        Checks =
        [
            new HealthEventCheck("api", HealthStatus.Unhealthy, TimeSpan.FromMilliseconds(5))
            {
                Description = "401 for Authorization: " + Bearer,
                Tags = ["key AKIAIOSFODNN7EXAMPLE", "critical"],
            },
            new HealthEventCheck("broker", HealthStatus.Degraded, TimeSpan.FromMilliseconds(7))
            {
                Description = "amqp://orders:Sup3rS3cret@mq.internal:5671/ refused; token ghp_0123456789abcdefghijklmnopqrstuvwxyz",
            },
        ],
    };

    private static void AssertClean(string output)
    {
        foreach (var secret in Secrets)
        {
            Assert.DoesNotContain(secret, output, StringComparison.Ordinal);
        }

        Assert.Contains("[REDACTED]", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Secrets_in_event_text_never_reach_EventBridge()
    {
        await using var server = await FakeEventBridge.StartAsync();
        await using var stack = TestStack.Create(TestStack.ForServer(server));
        Assert.True(stack.Publisher.TryPublish(EventWithSecrets()));
        await stack.Lambda.FlushAsync(TimeSpan.FromSeconds(10));

        Assert.Single(server.Accepted);
        var detail = server.Accepted[0];
        HealthEventSchema.AssertValid(detail);
        Assert.StartsWith("Cannot open Server=db.internal;", detail.GetProperty("reason").GetString(), StringComparison.Ordinal);
        AssertClean(string.Join("\n", server.Requests.Select(r => Encoding.UTF8.GetString(r.Body))));
    }

    [Fact]
    public async Task Secrets_in_event_text_never_reach_stdout()
    {
        await using var stack = TestStack.Create(o => o.Transport = HealthEventsTransport.Stdout);
        Assert.True(stack.Publisher.TryPublish(EventWithSecrets()));
        await stack.Lambda.FlushAsync(TimeSpan.FromSeconds(10));

        Assert.Single(stack.Output.EventLines());
        AssertClean(string.Join("\n", stack.Output.Lines()));
    }

    [Fact]
    public async Task Health_check_descriptions_and_the_reason_built_from_them_are_redacted()
    {
        await using var stack = TestStack.Create(o => o.Transport = HealthEventsTransport.Stdout);
        var publisher = stack.Lambda.Services.GetServices<IHealthCheckPublisher>().Single();

        // The reason is cut at 512 characters: "db is Unhealthy: " (17) + 467 + " token " (7) puts the token's first 20
        // characters before the cut, too few to be recognised once cut, so the description is redacted before cutting.
        var description = new string('x', 467) + " token ghp_0123456789abcdefghijklmnopqrstuvwxyz";
        var report = new HealthReport(
            new Dictionary<string, HealthReportEntry>
            {
                ["db"] = new(HealthStatus.Unhealthy, description, TimeSpan.FromMilliseconds(12), new InvalidOperationException("Cannot open " + ConnectionString), null),
                ["api"] = new(HealthStatus.Degraded, "401 for " + Bearer, TimeSpan.FromMilliseconds(3), null, null),
            },
            TimeSpan.FromMilliseconds(15));
        await publisher.PublishAsync(report, CancellationToken.None);
        await stack.Lambda.FlushAsync(TimeSpan.FromSeconds(10));

        var events = stack.Output.EventLines();
        Assert.Single(events);
        var detail = events[0].GetProperty("detail");
        Assert.DoesNotContain("ghp_0123", detail.GetProperty("reason").GetString()!, StringComparison.Ordinal);
        Assert.Contains(detail.GetProperty("checks").EnumerateArray(), c => c.GetProperty("description").GetString()!.EndsWith("token [REDACTED]", StringComparison.Ordinal));
        var output = string.Join("\n", stack.Output.Lines());
        AssertClean(output);
    }
}
