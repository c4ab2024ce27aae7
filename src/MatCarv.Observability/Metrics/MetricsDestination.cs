namespace MatCarv.Observability.Metrics;

/// <summary>Where EMF documents are written.</summary>
public enum MetricsDestination
{
    /// <summary>
    /// The CloudWatch agent when <c>AWS_EMF_AGENT_ENDPOINT</c> (or <see cref="MatCarvMetricsOptions.AgentEndpoint"/>) is set or
    /// <c>AWS_EMF_ENVIRONMENT</c> is <c>Agent</c>, <c>EC2</c> or <c>ECS</c>, outside Lambda; standard output otherwise.
    /// </summary>
    Auto = 0,

    /// <summary>Standard output, one document per line (Lambda, local runs, containers with the awslogs driver).</summary>
    Stdout = 1,

    /// <summary>The CloudWatch agent over TCP or UDP (<see cref="MatCarvMetricsOptions.AgentEndpoint"/>).</summary>
    Agent = 2,
}
