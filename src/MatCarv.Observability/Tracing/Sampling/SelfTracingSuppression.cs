using System.Diagnostics;

namespace MatCarv.Observability.Tracing.Sampling;

/// <summary>
/// Keeps the SDK's own HTTP calls (OTLP export, the ECS metadata read) out of the traces it exports: inside a scope the
/// sampler answers <see cref="ActivitySamplingResult.None"/> and <see cref="Activity.Current"/> is cleared, so HttpClient's
/// activity is neither recorded by us nor parented to the user's trace (an exported export call would itself be exported,
/// forever). The async-local flag is read only while some scope is open anywhere (a process-wide count), so spans pay one
/// volatile read otherwise.
/// </summary>
internal static class SelfTracingSuppression
{
    private static readonly AsyncLocal<bool> Suppressed = new();
    private static int _openScopes;

    public static bool IsActive => Volatile.Read(ref _openScopes) > 0 && Suppressed.Value;

    /// <summary>Opens a scope on the current async flow; dispose it when the call is done.</summary>
    public static Scope Enter() => new(Activity.Current);

    /// <summary>An open suppression scope.</summary>
    public readonly struct Scope : IDisposable
    {
        private readonly Activity? _previous;

        internal Scope(Activity? previous)
        {
            _previous = previous;
            Interlocked.Increment(ref _openScopes);
            Suppressed.Value = true;
            Activity.Current = null;
        }

        public void Dispose()
        {
            Suppressed.Value = false;
            Activity.Current = _previous;
            Interlocked.Decrement(ref _openScopes);
        }
    }
}
