using MatCarv.Observability.Context;

namespace MatCarv.Observability.Logging;

/// <summary>Draws the debug-sampling decision when an invocation starts; flushes or discards its log buffer when it ends.</summary>
internal sealed class LoggingInvocationListener : IInvocationListener
{
    private readonly LoggingPipeline _pipeline;

    public LoggingInvocationListener(LoggingPipeline pipeline) => _pipeline = pipeline;

    public void OnInvocationStarted(InvocationContext invocation) => _pipeline.OnInvocationStarted(invocation);

    public void OnInvocationEnded(InvocationContext invocation, Exception? error) => _pipeline.OnInvocationEnded(invocation, error);
}
