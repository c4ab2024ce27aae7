using MatCarv.Observability.Context;

namespace MatCarv.Observability;

/// <summary>A signal that acts at invocation boundaries (cold-start metric, handler span, per-invocation log buffer).</summary>
internal interface IInvocationListener
{
    /// <summary>Called on the invocation's async flow after <see cref="InvocationContext.Current"/> is set.</summary>
    void OnInvocationStarted(InvocationContext invocation);

    /// <summary>Called on the invocation's async flow before the flush; <paramref name="error"/> is the unhandled exception, if any.</summary>
    void OnInvocationEnded(InvocationContext invocation, Exception? error);
}
