using System.Diagnostics;
using System.Globalization;

namespace MatCarv.Benchmarks.Reliability;

/// <summary>
/// Call latencies in <see cref="Stopwatch"/> ticks, bucketed log-linearly (exact below 64 ticks, then 32 buckets per power
/// of two: every percentile within 1/32 of the true value; the maximum is kept exactly). Fixed size, so recording and
/// merging never allocate; written to and read from a text file so that BenchmarkDotNet's host process can report what its
/// benchmark processes measured.
/// </summary>
internal sealed class LatencyHistogram
{
    private const int Linear = 64;
    private const int SubBuckets = 32;
    private const int Buckets = Linear + (63 - 6) * SubBuckets;

    private readonly long[] _counts = new long[Buckets];

    public long Count { get; private set; }

    public long Max { get; private set; }

    public void Record(long ticks)
    {
        ticks = Math.Max(ticks, 0);
        _counts[IndexOf(ticks)]++;
        Count++;
        if (ticks > Max)
        {
            Max = ticks;
        }
    }

    public void Clear()
    {
        Array.Clear(_counts);
        Count = 0;
        Max = 0;
    }

    public void Add(LatencyHistogram other)
    {
        for (int i = 0; i < Buckets; i++)
        {
            _counts[i] += other._counts[i];
        }

        Count += other.Count;
        Max = Math.Max(Max, other.Max);
    }

    /// <summary>The latency at quantile <paramref name="q"/> (0–1), in ticks: the upper bound of the bucket that holds it.</summary>
    public long Quantile(double q)
    {
        if (Count == 0)
        {
            return 0;
        }

        long rank = Math.Max(1, (long)Math.Ceiling(q * Count));
        long seen = 0;
        for (int i = 0; i < Buckets; i++)
        {
            seen += _counts[i];
            if (seen >= rank)
            {
                return Math.Min(UpperBound(i), Max);
            }
        }

        return Max;
    }

    public static double ToMicroseconds(long ticks) => ticks * 1_000_000.0 / Stopwatch.Frequency;

    public void WriteTo(string path, long calls, long lost)
    {
        using var writer = new StreamWriter(path);
        writer.WriteLine(FormattableString.Invariant($"{calls} {lost} {Max}"));
        for (int i = 0; i < Buckets; i++)
        {
            if (_counts[i] != 0)
            {
                writer.WriteLine(FormattableString.Invariant($"{i} {_counts[i]}"));
            }
        }
    }

    /// <summary>Adds a file written by <see cref="WriteTo"/>; returns its calls and lost lines.</summary>
    public (long Calls, long Lost) ReadFrom(string path)
    {
        using var reader = new StreamReader(path);
        var head = reader.ReadLine()!.Split(' ');
        Max = Math.Max(Max, long.Parse(head[2], CultureInfo.InvariantCulture));
        while (reader.ReadLine() is { } line)
        {
            var parts = line.Split(' ');
            long count = long.Parse(parts[1], CultureInfo.InvariantCulture);
            _counts[int.Parse(parts[0], CultureInfo.InvariantCulture)] += count;
            Count += count;
        }

        return (long.Parse(head[0], CultureInfo.InvariantCulture), long.Parse(head[1], CultureInfo.InvariantCulture));
    }

    private static int IndexOf(long ticks)
    {
        if (ticks < Linear)
        {
            return (int)ticks;
        }

        int exponent = 63 - System.Numerics.BitOperations.LeadingZeroCount((ulong)ticks); // ≥ 6
        int sub = (int)(ticks >> (exponent - 5)) & (SubBuckets - 1);
        return Linear + ((exponent - 6) * SubBuckets) + sub;
    }

    private static long UpperBound(int index)
    {
        if (index < Linear)
        {
            return index;
        }

        int exponent = ((index - Linear) / SubBuckets) + 6;
        long sub = (index - Linear) % SubBuckets;
        return ((SubBuckets + sub + 1) << (exponent - 5)) - 1;
    }
}
