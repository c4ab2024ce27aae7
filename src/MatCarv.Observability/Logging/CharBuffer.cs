
namespace MatCarv.Observability.Logging;

/// <summary>
/// A reusable, growable UTF-16 buffer in which a message is rendered. Stops growing at its limit: further text is
/// ignored and <see cref="Truncated"/> is set, so a 1 MB argument costs at most the limit.
/// </summary>
internal sealed class CharBuffer
{
    private const int ShrinkAbove = 64 * 1024;

    private char[] _chars = new char[512];
    private int _length;
    private int _limit = int.MaxValue;

    public int Length => _length;

    public bool Truncated { get; private set; }

    public ReadOnlySpan<char> Span => _chars.AsSpan(0, _length);

    public Span<char> WritableSpan => _chars.AsSpan(0, _length);

    public void Reset(int limit)
    {
        if (_chars.Length > ShrinkAbove)
        {
            _chars = new char[512];
        }

        _length = 0;
        _limit = limit;
        Truncated = false;
    }

    public void Append(char c)
    {
        if (_length >= _limit)
        {
            Truncated = true;
            return;
        }

        if (_length == _chars.Length)
        {
            Grow(1);
        }

        _chars[_length++] = c;
    }

    public void Append(ReadOnlySpan<char> text)
    {
        if (text.Length > _limit - _length)
        {
            text = text[..Math.Max(0, _limit - _length)];
            Truncated = true;
        }

        if (_length + text.Length > _chars.Length)
        {
            Grow(text.Length);
        }

        text.CopyTo(_chars.AsSpan(_length));
        _length += text.Length;
    }

    /// <summary>Free space to format into; call <see cref="Advance"/> with what was written.</summary>
    public Span<char> GetSpan(int sizeHint)
    {
        if (_length + sizeHint > _chars.Length)
        {
            Grow(sizeHint);
        }

        return _chars.AsSpan(_length);
    }

    public void Advance(int count)
    {
        _length += count;
        if (_length > _limit)
        {
            _length = _limit;
            Truncated = true;
        }
    }

    /// <summary>Pads what was appended since <paramref name="start"/> to |alignment| characters (left-aligned when negative), as string.Format does.</summary>
    public void Align(int start, int alignment)
    {
        int width = Math.Abs(alignment);
        int written = _length - start;
        if (alignment == 0 || written >= width)
        {
            return;
        }

        int pad = width - written;
        if (alignment > 0)
        {
            GetSpan(pad);
            _chars.AsSpan(start, written).CopyTo(_chars.AsSpan(start + pad));
            _chars.AsSpan(start, pad).Fill(' ');
            Advance(pad);
        }
        else
        {
            GetSpan(pad).Slice(0, pad).Fill(' ');
            Advance(pad);
        }
    }

    public void Truncate(int length)
    {
        if (length < _length)
        {
            _length = length;
        }
    }

    public override string ToString() => new(_chars, 0, _length);

    private void Grow(int needed)
    {
        int size = Math.Max(_chars.Length * 2, _length + needed);
        var bigger = new char[size];
        _chars.AsSpan(0, _length).CopyTo(bigger);
        _chars = bigger;
    }
}
