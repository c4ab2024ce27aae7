using System.Text;
using MatCarv.HealthEvents.Publishing;
using MatCarv.Observability.Extensibility;
using MatCarv.Observability.Redaction;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace MatCarv.HealthEvents.HealthChecks;

/// <summary>
/// Turns ASP.NET Core health-check reports (polled every <c>HealthCheckPublisherOptions.Period</c>, 30 s by default) into
/// events only when something changes: the first report, then a status that held for
/// <see cref="HealthEventsOptions.TransitionDebounceCount"/> consecutive reports (flapping is suppressed), plus a heartbeat
/// every <see cref="HealthEventsOptions.HeartbeatInterval"/> without a change. Never an event per poll; never blocks the poll.
/// </summary>
internal sealed class HealthCheckEventPublisher : IHealthCheckPublisher
{
    private const int MaxReasonLength = 512;

    private readonly IHealthEventPublisher _publisher;
    private readonly TelemetrySignalContext _diagnostics;
    private readonly TimeProvider _time;
    private readonly int _debounce;
    private readonly TimeSpan _heartbeat;
    private readonly object _gate = new();
    private HealthStatus? _published;
    private HealthStatus _candidate;
    private int _candidateCount;
    private long _lastEventTimestamp;

    public HealthCheckEventPublisher(HealthEventsSettings settings, IHealthEventPublisher publisher)
    {
        ArgumentNullException.ThrowIfNull(settings);
        _publisher = publisher;
        _time = settings.Runtime.TimeProvider;
        _diagnostics = settings.Runtime;
        _debounce = settings.Options.TransitionDebounceCount;
        _heartbeat = settings.Options.HeartbeatInterval;
    }

    public Task PublishAsync(HealthReport report, CancellationToken cancellationToken)
    {
        if (report is null)
        {
            return Task.CompletedTask;
        }

        try
        {
            Observe(report);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // A report we cannot map (an unexpected entry) must not fail the application's health-check publishing.
            _diagnostics.ReportDrop(HealthEventPublisher.Signal, "health_report_unmapped");
        }

        return Task.CompletedTask;
    }

    private void Observe(HealthReport report)
    {
        HealthEvent? healthEvent = null;
        lock (_gate)
        {
            var observed = report.Status;
            var now = _time.GetTimestamp();
            if (_published is not { } published)
            {
                healthEvent = Create(report, HealthEventKind.StatusChanged, previous: null);
                _published = observed;
                _candidateCount = 0;
            }
            else if (observed == published)
            {
                _candidateCount = 0;
                if (HeartbeatDue(now))
                {
                    healthEvent = Create(report, HealthEventKind.Heartbeat, previous: null, status: published);
                }
            }
            else
            {
                if (_candidateCount > 0 && _candidate == observed)
                {
                    _candidateCount++;
                }
                else
                {
                    _candidate = observed;
                    _candidateCount = 1;
                }

                if (_candidateCount >= _debounce)
                {
                    healthEvent = Create(report, HealthEventKind.StatusChanged, previous: published);
                    _published = observed;
                    _candidateCount = 0;
                }
                else if (HeartbeatDue(now))
                {
                    // Still within the debounce window: the published status stands.
                    healthEvent = Create(report, HealthEventKind.Heartbeat, previous: null, status: published);
                }
            }

            if (healthEvent is not null)
            {
                _lastEventTimestamp = now;
            }
        }

        if (healthEvent is not null)
        {
            _publisher.TryPublish(healthEvent);
        }
    }

    internal static string? Reason(HealthReport report, HealthStatus status)
    {
        if (status == HealthStatus.Healthy)
        {
            return report.Entries.Count == 0 ? null : "All health checks are healthy.";
        }

        var reason = new StringBuilder();
        foreach (var (name, entry) in report.Entries)
        {
            if (entry.Status == HealthStatus.Healthy)
            {
                continue;
            }

            if (reason.Length > 0)
            {
                reason.Append("; ");
            }

            reason.Append(name).Append(" is ").Append(HealthEventSerializer.StatusName(entry.Status));
            if (!string.IsNullOrWhiteSpace(entry.Description))
            {
                // Redacted before the reason is cut, so that a cut cannot leave a secret unrecognisable.
                reason.Append(": ").Append(SecretRedactor.Redact(entry.Description, SecretRedactor.DefaultMarker));
            }

            if (reason.Length > MaxReasonLength)
            {
                break;
            }
        }

        if (reason.Length > MaxReasonLength)
        {
            reason.Length = MaxReasonLength - 1;
            reason.Append('…');
        }

        return reason.Length == 0 ? null : reason.ToString();
    }

    private bool HeartbeatDue(long now) => _heartbeat > TimeSpan.Zero && _time.GetElapsedTime(_lastEventTimestamp, now) >= _heartbeat;

    private static HealthEvent Create(HealthReport report, HealthEventKind kind, HealthStatus? previous, HealthStatus? status = null)
    {
        var checks = new List<HealthEventCheck>(report.Entries.Count);
        foreach (var (name, entry) in report.Entries)
        {
            checks.Add(new HealthEventCheck(name, entry.Status, entry.Duration)
            {
                Description = entry.Description,
                Tags = entry.Tags is { } tags && tags.Any() ? tags.ToArray() : null,
                ExceptionType = entry.Exception?.GetType().FullName,
            });
        }

        var effective = status ?? report.Status;
        return new HealthEvent(effective, Reason(report, effective))
        {
            Kind = kind,
            PreviousStatus = previous,
            Checks = checks,
            TotalDuration = report.TotalDuration,
        };
    }
}
