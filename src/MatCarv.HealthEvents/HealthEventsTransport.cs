namespace MatCarv.HealthEvents;

/// <summary>Where health events go.</summary>
public enum HealthEventsTransport
{
    /// <summary>EventBridge when credentials and a region resolve; otherwise JSON lines on stdout (announced once at start-up).</summary>
    Auto = 0,

    /// <summary>EventBridge only: when credentials or region do not resolve, events are dropped and counted (<c>no_aws_configuration</c>).</summary>
    EventBridge = 1,

    /// <summary>JSON lines on stdout (local development, or a log-based pipeline).</summary>
    Stdout = 2,
}
