namespace MatCarv.Observability.Tracing.Export;

/// <summary>
/// A flush waiting for an exporter's loop to have processed every span queued before it (<see cref="Target"/> = the
/// queue's added count when the flush began). A class rather than a <c>(long, TaskCompletionSource)</c> tuple: a list of
/// tuples is generic code over a value type that no ReadyToRun image holds, JIT-compiled on every cold start's first flush
/// (benchmarks/ColdStart/run.sh --methods); this allocates no more than the completion source it is.
/// </summary>
internal sealed class FlushWaiter : TaskCompletionSource
{
    public FlushWaiter(long target)
        : base(TaskCreationOptions.RunContinuationsAsynchronously) => Target = target;

    /// <summary>The queue position the loop must have processed.</summary>
    public long Target { get; }
}
