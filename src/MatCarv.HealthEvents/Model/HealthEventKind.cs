namespace MatCarv.HealthEvents;

/// <summary>Why a health event was emitted; selects its EventBridge <c>DetailType</c>.</summary>
public enum HealthEventKind
{
    /// <summary>The service's status changed (or was observed for the first time).</summary>
    StatusChanged = 0,

    /// <summary>A periodic "still alive, still in this status" event.</summary>
    Heartbeat = 1,
}
