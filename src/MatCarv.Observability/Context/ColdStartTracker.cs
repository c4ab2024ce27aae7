namespace MatCarv.Observability.Context;

/// <summary>
/// Cold start is the first invocation the process serves, except under provisioned concurrency, where initialisation
/// happens ahead of any request (<c>AWS_LAMBDA_INITIALIZATION_TYPE=provisioned-concurrency</c>, Powertools #833).
/// One instance per telemetry runtime, so tests need no reset hook.
/// </summary>
internal sealed class ColdStartTracker
{
    private readonly bool _provisioned;
    private int _invocations;

    public ColdStartTracker(bool provisionedConcurrency) => _provisioned = provisionedConcurrency;

    /// <summary>Claims the next invocation; true exactly once, for the first, and never under provisioned concurrency.</summary>
    public bool NextInvocationIsCold() => Interlocked.Increment(ref _invocations) == 1 && !_provisioned;
}
