using MatCarv.HealthEvents.Publishing;

namespace MatCarv.HealthEvents.Transport;

/// <summary>
/// <see cref="HealthEventsTransport.EventBridge"/> was required but credentials or region did not resolve: every entry is
/// dropped and counted as <c>no_aws_configuration</c> (the reason was announced once at start-up).
/// </summary>
internal sealed class UnconfiguredSink : IHealthEventSink
{
    private readonly string _problem;

    public UnconfiguredSink(string problem) => _problem = problem;

    public string Name => "none";

    public ValueTask<PutEventsResult> SendAsync(IReadOnlyList<PreparedEntry> entries, CancellationToken cancellationToken) =>
        new(PutEventsResult.Failed("no_aws_configuration", _problem, retryable: false));
}
