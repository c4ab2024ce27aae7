using System.Runtime.CompilerServices;

namespace MatCarv.Observability.Metrics.Aggregation;

/// <summary>
/// What one bucket of a distribution keeps about the values it received in an interval: how many, their exact sum, their
/// smallest and their largest. Exact per-bucket statistics make every document of a split distribution a true statistic
/// set (its count, sum, minimum and maximum are those of the values it stands for) and let a bucket that saw a single
/// distinct value be written exactly. 32 bytes: one cache line holds two buckets.
/// </summary>
internal struct BucketStats
{
    public long Count;
    public double Sum;
    public double Min;
    public double Max;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Add(double value)
    {
        if (Count == 0)
        {
            Sum = value;
            Min = value;
            Max = value;
        }
        else
        {
            Sum += value;
            if (value < Min)
            {
                Min = value;
            }
            else if (value > Max)
            {
                Max = value;
            }
        }

        Count++;
    }

    public void Merge(in BucketStats other)
    {
        if (other.Count == 0)
        {
            return;
        }

        if (Count == 0)
        {
            this = other;
            return;
        }

        Count += other.Count;
        Sum += other.Sum;
        Min = Math.Min(Min, other.Min);
        Max = Math.Max(Max, other.Max);
    }
}
