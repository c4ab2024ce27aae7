using System.Runtime.CompilerServices;
using MatCarv.Observability.Metrics.Emf;

namespace MatCarv.Observability.Metrics.Aggregation;

/// <summary>
/// The buckets of a distribution: 16 per power of two, read straight from the bits of the value (its exponent and the top
/// four bits of its mantissa), so finding a bucket costs a shift and a subtraction instead of a logarithm. A bucket spans at
/// most 1/16 of its lower bound; the value written for it is the one closest, in relative terms, to every value it can hold
/// (the harmonic mean of its bounds), so a written value is within <see cref="RelativeError"/> (1/33, about 3 %) of every
/// value it stands for. Every magnitude CloudWatch accepts (2^-360 to 2^360, <see cref="EmfRules.IsValidValue"/>) has an
/// index in [0, <see cref="MaxIndex"/>].
/// A coarser resolution (<c>shift</c> &gt; 0, used only when one interval spans more than
/// <see cref="BucketWindow.MaxBuckets"/> buckets) merges 2^shift neighbouring buckets: index <c>i &gt;&gt; shift</c>.
/// </summary>
internal static class LogLinearBuckets
{
    /// <summary>Mantissa bits that pick the bucket within a power of two.</summary>
    public const int SubBucketBits = 4;

    /// <summary>Buckets per power of two.</summary>
    public const int SubBuckets = 1 << SubBucketBits;

    /// <summary>The highest index: 2^360 itself.</summary>
    public const int MaxIndex = 720 << SubBucketBits;

    /// <summary>The largest relative distance between a recorded value and the value written for its bucket: 1/33.</summary>
    public const double RelativeError = 1.0 / ((2 * SubBuckets) + 1);

    /// <summary>The biased IEEE 754 exponent of 2^-360, the smallest magnitude CloudWatch accepts: index 0.</summary>
    private const int MinBiasedExponent = 1023 - 360;

    private const int MantissaBits = 52;

    /// <summary>The bucket of a magnitude in [2^-360, 2^360] at full resolution.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int IndexOf(double magnitude) =>
        (int)(BitConverter.DoubleToInt64Bits(magnitude) >> (MantissaBits - SubBucketBits)) - (MinBiasedExponent << SubBucketBits);

    /// <summary>The smallest magnitude of bucket <paramref name="index"/> at resolution <paramref name="shift"/>.</summary>
    public static double LowerBound(int index, int shift)
    {
        long full = (long)index << shift;
        long biasedExponent = (full >> SubBucketBits) + MinBiasedExponent;
        long subBucket = full & (SubBuckets - 1);
        return BitConverter.Int64BitsToDouble((biasedExponent << MantissaBits) | (subBucket << (MantissaBits - SubBucketBits)));
    }

    /// <summary>
    /// The magnitude written for a bucket whose recorded magnitudes lie in [<paramref name="smallest"/>, <paramref name="largest"/>]:
    /// that magnitude itself when they are all equal (a bucket that saw one distinct value is written exactly), otherwise the
    /// harmonic mean of the bucket's bounds — equally far, relatively, from both ends — moved inside the recorded range.
    /// </summary>
    public static double Representative(int index, int shift, double smallest, double largest)
    {
        if (smallest == largest)
        {
            return smallest;
        }

        double lower = LowerBound(index, shift);
        double upper = LowerBound(index + 1, shift);
        double middle = 2 * lower * upper / (lower + upper);
        return Math.Clamp(middle, smallest, largest);
    }

    /// <summary>
    /// The relative error bound at resolution <paramref name="shift"/>: (r - 1) / (r + 1) for a bucket whose upper bound is r
    /// times its lower bound (r = 1 + 1/16 at full resolution).
    /// </summary>
    public static double RelativeErrorAt(int shift)
    {
        // The widest bucket is the first of a power of two: [1, 1 + 2^shift/16) for shift <= 4, or 2^(2^(shift-4)) octaves.
        double ratio = shift <= SubBucketBits
            ? 1 + ((double)(1 << shift) / SubBuckets)
            : Math.Pow(2, 1 << (shift - SubBucketBits));
        return (ratio - 1) / (ratio + 1);
    }
}
