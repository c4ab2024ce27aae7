using System.Collections.Concurrent;

namespace MatCarv.Observability.Logging;

/// <summary>
/// An explicit unit of work for debug sampling and log buffering outside Lambda, where no request <c>Activity</c> exists
/// (a queue consumer, a batch job): <c>using var request = LogRequestScope.Begin();</c>. Entries logged on its async flow
/// share one sampling decision and one buffer; disposing it discards what is still buffered. Inside a Lambda invocation
/// the invocation is the unit and this scope is not needed. Keys appended with <see cref="LogContext.AppendKey"/> inside the
/// scope belong to it and end with it.
/// </summary>
public sealed class LogRequestScope : IDisposable
{
    private static readonly AsyncLocal<LogRequestScope?> CurrentScope = new();

    private readonly LogRequestScope? _previous;
    private readonly ConcurrentDictionary<LoggingPipeline, LogRequestState> _states = new();
    private int _disposed;
    private Context.LogKeyFrame? _keys;

    private LogRequestScope(LogRequestScope? previous) => _previous = previous;

    internal static LogRequestScope? Current => CurrentScope.Value;

    /// <summary>Starts a unit of work on the current async flow.</summary>
    /// <returns>The scope; dispose it when the unit of work ends.</returns>
    public static LogRequestScope Begin()
    {
        var scope = new LogRequestScope(CurrentScope.Value);
        CurrentScope.Value = scope;
        return scope;
    }

    /// <summary>Ends the unit of work: entries still buffered are discarded.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        foreach (var state in _states.Values)
        {
            state.Clear();
        }

        if (ReferenceEquals(CurrentScope.Value, this))
        {
            CurrentScope.Value = _previous;
        }
    }

    /// <summary>The keys appended inside this scope (<c>LogContext.AppendKey</c>), if any; they end with it.</summary>
    internal Context.LogKeyFrame? Keys => Volatile.Read(ref _keys);

    internal Context.LogKeyFrame GetOrCreateKeys()
    {
        var keys = Volatile.Read(ref _keys);
        return keys ?? Interlocked.CompareExchange(ref _keys, keys = new Context.LogKeyFrame(), null) ?? keys;
    }

    internal LogRequestState GetState(LoggingPipeline pipeline, Func<LogRequestState> create) =>
        _states.GetOrAdd(pipeline, static (_, factory) => factory(), create);

    internal LogRequestState? TryGetState(LoggingPipeline pipeline) => _states.TryGetValue(pipeline, out var state) ? state : null;
}
