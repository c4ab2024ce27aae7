namespace MatCarv.Observability.Logging.Context;

/// <summary>
/// Keys pushed on an async flow by <see cref="LogContext.PushKeys"/>: an immutable node linked to the keys pushed before
/// it, so a child task sees its parent's keys and a sibling never sees its own. Disposing it removes the keys.
/// </summary>
internal sealed class PushedLogKeys : IDisposable
{
    private readonly AsyncLocal<PushedLogKeys?> _current;
    private int _disposed;

    public PushedLogKeys(AsyncLocal<PushedLogKeys?> current, KeyValuePair<string, object?>[] items)
    {
        _current = current;
        Items = items;
        Parent = current.Value;
        current.Value = this;
    }

    public PushedLogKeys? Parent { get; }

    public KeyValuePair<string, object?>[] Items { get; }

    /// <summary>True once disposed: a node disposed out of order stays in its children's chain but is skipped.</summary>
    public bool IsDisposed => Volatile.Read(ref _disposed) != 0;

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        if (ReferenceEquals(_current.Value, this))
        {
            var parent = Parent;
            while (parent is { IsDisposed: true })
            {
                parent = parent.Parent;
            }

            _current.Value = parent;
        }
    }
}
