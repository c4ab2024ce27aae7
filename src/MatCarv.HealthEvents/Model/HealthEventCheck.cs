using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace MatCarv.HealthEvents;

/// <summary>The result of one health check, as carried in a <see cref="HealthEvent"/>.</summary>
public sealed class HealthEventCheck
{
    /// <summary>Creates a check result.</summary>
    /// <param name="name">The check's name (for example <c>database</c>).</param>
    /// <param name="status">The check's status.</param>
    /// <param name="duration">How long the check took.</param>
    public HealthEventCheck(string name, HealthStatus status, TimeSpan duration)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        Name = name;
        Status = status;
        Duration = duration;
    }

    /// <summary>The check's name.</summary>
    public string Name { get; }

    /// <summary>The check's status.</summary>
    public HealthStatus Status { get; }

    /// <summary>How long the check took.</summary>
    public TimeSpan Duration { get; }

    /// <summary>The check's description, if any. Never put secrets here: it is sent as is.</summary>
    public string? Description { get; init; }

    /// <summary>The check's tags, if any.</summary>
    public IReadOnlyList<string>? Tags { get; init; }

    /// <summary>
    /// The type name of the exception the check failed with, if any. Only the type is sent: exception messages and stack
    /// traces can carry secrets and do not belong in an event that leaves the service.
    /// </summary>
    public string? ExceptionType { get; init; }
}
