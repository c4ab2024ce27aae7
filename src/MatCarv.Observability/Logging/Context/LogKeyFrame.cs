namespace MatCarv.Observability.Logging.Context;

/// <summary>
/// The keys appended to one unit of work (a Lambda invocation, a <see cref="LogRequestScope"/>, a request's root activity,
/// or the process). Writers take a lock and publish a new array; the formatter reads the current array without a lock,
/// so a line sees the keys of one moment, never a half-made change.
/// </summary>
internal sealed class LogKeyFrame
{
    private readonly object _gate = new();
    private KeyValuePair<string, object?>[] _items = [];

    /// <summary>The keys now, in the order they were first appended.</summary>
    public KeyValuePair<string, object?>[] Items => Volatile.Read(ref _items);

    /// <summary>Adds a key, or replaces its value where it already is (the key keeps its position).</summary>
    public void Set(string key, object? value)
    {
        lock (_gate)
        {
            var items = _items;
            var index = IndexOf(items, key);
            var next = new KeyValuePair<string, object?>[index < 0 ? items.Length + 1 : items.Length];
            items.CopyTo(next, 0);
            next[index < 0 ? items.Length : index] = new(key, value);
            Volatile.Write(ref _items, next);
        }
    }

    public void Remove(string key)
    {
        lock (_gate)
        {
            var items = _items;
            var index = IndexOf(items, key);
            if (index < 0)
            {
                return;
            }

            var next = new KeyValuePair<string, object?>[items.Length - 1];
            Array.Copy(items, 0, next, 0, index);
            Array.Copy(items, index + 1, next, index, items.Length - index - 1);
            Volatile.Write(ref _items, next);
        }
    }

    private static int IndexOf(KeyValuePair<string, object?>[] items, string key)
    {
        for (int i = 0; i < items.Length; i++)
        {
            if (string.Equals(items[i].Key, key, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }
}
