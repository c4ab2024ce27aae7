using MatCarv.Observability.Context;

namespace MatCarv.Observability.Lambda;

/// <summary>
/// One Lambda invocation (or a request treated as one) in progress, from <see cref="MatCarvLambda.BeginInvocation"/> or
/// <see cref="MatCarvTelemetry.BeginInvocation"/>. Dispose it before the handler returns: that flushes every signal.
/// </summary>
public sealed class InvocationScope : IAsyncDisposable, IDisposable
{
    private readonly MatCarvTelemetry _owner;
    private readonly InvocationContext? _previous;
    private Exception? _error;
    private int _disposed;

    internal InvocationScope(MatCarvTelemetry owner, InvocationContext context, InvocationContext? previous)
    {
        _owner = owner;
        Context = context;
        _previous = previous;
    }

    /// <summary>The invocation's facts.</summary>
    public InvocationContext Context { get; }

    /// <summary>Records the exception that ends the invocation (flushes buffered debug logs, marks the handler span as failed).</summary>
    /// <param name="error">The exception.</param>
    public void SetError(Exception error) => _error = error;

    /// <summary>Ends the invocation and flushes every signal within its deadline.</summary>
    /// <returns>A task that completes when the flush is done.</returns>
    public ValueTask DisposeAsync()
    {
        // Not async on purpose: restoring InvocationContext.Current must happen on the caller's execution context.
        return Interlocked.Exchange(ref _disposed, 1) == 0 ? _owner.EndInvocation(Context, _previous, _error) : default;
    }

    /// <summary>Ends the invocation and flushes synchronously. Prefer <see cref="DisposeAsync"/>.</summary>
    public void Dispose()
    {
        var pending = DisposeAsync();
        if (!pending.IsCompleted)
        {
            pending.AsTask().GetAwaiter().GetResult();
        }
    }
}
