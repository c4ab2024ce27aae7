namespace MatCarv.Observability.Collections;

/// <summary>
/// A growable list of values (the metrics flush's data points, distribution entries, metric definitions and metadata; a
/// message template's segments): the few members those use, over a plain array. Not <see cref="List{T}"/>: <c>List&lt;T&gt;</c> over a value type is
/// generic code from System.Private.CoreLib that no ReadyToRun image holds (the framework precompiles only the
/// instantiations it uses itself), so every cold start JIT-compiled it per element type on its first flush or log line; this type lives in
/// this assembly, so a ReadyToRun build of the app precompiles it (benchmarks/ColdStart/run.sh --methods). It calls no
/// generic framework code over <typeparamref name="T"/> for the same reason (<see cref="Array.Copy(Array, Array, int)"/>
/// and <see cref="Array.Clear(Array, int, int)"/> are not generic), except <see cref="Sort"/>, which is used only with
/// two items or more. Not thread-safe, like <c>List&lt;T&gt;</c>.
/// </summary>
/// <typeparam name="T">The element type.</typeparam>
internal sealed class ValueList<T> : IEnumerable<T>
{
    // Not []: an empty array expression is Array.Empty<T>(), framework generic code over T (see the summary).
    private T[] _items = new T[4];
    private int _count;

    public int Count => _count;

    public T this[int index]
    {
        get
        {
            if ((uint)index >= (uint)_count)
            {
                throw new ArgumentOutOfRangeException(nameof(index));
            }

            return _items[index];
        }

        set
        {
            if ((uint)index >= (uint)_count)
            {
                throw new ArgumentOutOfRangeException(nameof(index));
            }

            _items[index] = value;
        }
    }

    public void Add(T item)
    {
        if (_count == _items.Length)
        {
            Grow(_count + 1);
        }

        _items[_count++] = item;
    }

    public void AddRange(ValueList<T> other)
    {
        if (other._count == 0)
        {
            return;
        }

        if (_count + other._count > _items.Length)
        {
            Grow(_count + other._count);
        }

        Array.Copy(other._items, 0, _items, _count, other._count);
        _count += other._count;
    }

    public void Clear()
    {
        // References inside the items (names, strings) must not outlive the flush that used them.
        Array.Clear(_items, 0, _count);
        _count = 0;
    }

    /// <summary>Sorts the items (not stable, like <see cref="List{T}.Sort(Comparison{T})"/>), allocating nothing.</summary>
    public void Sort(Comparison<T> comparison)
    {
        if (_count > 1)
        {
            // Not Array.Sort(array, index, length, IComparer): it wraps the comparer in a new delegate on every call.
            new Span<T>(_items, 0, _count).Sort(comparison);
        }
    }

    public T[] ToArray()
    {
        var copy = new T[_count];
        Array.Copy(_items, copy, _count);
        return copy;
    }

    public Enumerator GetEnumerator() => new(this);

    // For LINQ and collection initializers (tests, diagnostics); the flush itself uses the struct enumerator above.
    IEnumerator<T> IEnumerable<T>.GetEnumerator()
    {
        for (int i = 0; i < _count; i++)
        {
            yield return _items[i];
        }
    }

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => ((IEnumerable<T>)this).GetEnumerator();

    private void Grow(int needed)
    {
        var grown = new T[Math.Max(needed, _items.Length * 2)];
        Array.Copy(_items, grown, _count);
        _items = grown;
    }

    /// <summary>Enumerates the items present when it was created (the list must not change meanwhile).</summary>
    public struct Enumerator
    {
        private readonly ValueList<T> _list;
        private int _index;

        internal Enumerator(ValueList<T> list)
        {
            _list = list;
            _index = -1;
        }

        public readonly T Current => _list._items[_index];

        public bool MoveNext() => ++_index < _list._count;
    }
}
