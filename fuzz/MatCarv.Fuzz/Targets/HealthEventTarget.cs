using MatCarv.HealthEvents;
using MatCarv.Observability.Lambda;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace MatCarv.Fuzz.Targets;

/// <summary>
/// A health-event payload — reason (field 0), resources (field 1, comma separated), then checks as name/description/tags
/// triples — published through the SDK (stdout transport: the detail it would send to EventBridge): the event is written
/// as one JSON object or counted as dropped, never an exception.
/// </summary>
public sealed class HealthEventTarget : IFuzzTarget
{
    private static readonly HealthStatus[] Statuses = [HealthStatus.Healthy, HealthStatus.Degraded, HealthStatus.Unhealthy];

    private readonly OutputLines _output = new();
    private readonly Lazy<(MatCarvLambda Lambda, IHealthEventPublisher Publisher)> _sdk;

    public HealthEventTarget() =>
        _sdk = new(() =>
        {
            var lambda = MatCarvLambda.Create(
                o =>
                {
                    o.EnvironmentVariables = new Dictionary<string, string?> { ["POWERTOOLS_SERVICE_NAME"] = "fuzz", ["AWS_LAMBDA_FUNCTION_NAME"] = "fuzz-fn", ["AWS_REGION"] = "eu-west-1" };
                    o.Output = _output.Stream;
                    o.OutputFlushInterval = TimeSpan.FromHours(1);
                },
                b => b.WithHealthEvents(h => h.Transport = HealthEventsTransport.Stdout));
            return (lambda, lambda.Services.GetRequiredService<IHealthEventPublisher>());
        });

    public string Name => "health-event";

    public void Run(ReadOnlySpan<byte> data)
    {
        var fields = FuzzInput.Fields(data);
        var (lambda, publisher) = _sdk.Value;
        var checks = new List<HealthEventCheck>();
        for (int i = 2; i + 2 < fields.Length; i += 3)
        {
            if (fields[i].Length == 0)
            {
                // The public constructor refuses an empty name (documented ArgumentException, thrown in the caller's own
                // call; AFL's first finding here). The SDK's health-check publisher, which builds checks from report
                // entries, catches it and counts the report as dropped (health_events/health_report_unmapped).
                continue;
            }

            checks.Add(new HealthEventCheck(fields[i], Statuses[fields[i].Length % 3], TimeSpan.FromMilliseconds(fields[i + 1].Length))
            {
                Description = fields[i + 1],
                Tags = fields[i + 2].Split(','),
            });
        }

        var healthEvent = new HealthEvent(Statuses[data.Length % 3], fields[0])
        {
            Resources = FuzzInput.Field(fields, 1)?.Split(','),
            Checks = checks.Count == 0 ? null : checks,
        };
        var droppedBefore = lambda.GetDiagnostics().GetDropCount("health_events");
        bool accepted = publisher.TryPublish(healthEvent);
        lambda.FlushAsync(TimeSpan.FromSeconds(5)).AsTask().GetAwaiter().GetResult();
        var events = _output.TakeChecked().Count(l => l.TryGetProperty("detail", out _) || l.TryGetProperty("eventId", out _));
        var dropped = lambda.GetDiagnostics().GetDropCount("health_events") - droppedBefore;
        FuzzFindingException.Check(!accepted || events + dropped >= 1, $"an accepted event gave {events} lines and {dropped} drops");
    }
}
