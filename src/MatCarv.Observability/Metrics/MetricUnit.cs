namespace MatCarv.Observability.Metrics;

/// <summary>
/// The CloudWatch metric units, exactly the 27 values the EMF schema accepts (<c>MetricDefinition.Unit</c>).
/// A unit outside this list makes CloudWatch reject the whole document, so the type admits no other value.
/// </summary>
public enum MetricUnit
{
    /// <summary><c>None</c> (the EMF default).</summary>
    None = 0,

    /// <summary><c>Count</c>.</summary>
    Count,

    /// <summary><c>Percent</c>.</summary>
    Percent,

    /// <summary><c>Seconds</c>.</summary>
    Seconds,

    /// <summary><c>Microseconds</c>.</summary>
    Microseconds,

    /// <summary><c>Milliseconds</c>.</summary>
    Milliseconds,

    /// <summary><c>Bytes</c>.</summary>
    Bytes,

    /// <summary><c>Kilobytes</c>.</summary>
    Kilobytes,

    /// <summary><c>Megabytes</c>.</summary>
    Megabytes,

    /// <summary><c>Gigabytes</c>.</summary>
    Gigabytes,

    /// <summary><c>Terabytes</c>.</summary>
    Terabytes,

    /// <summary><c>Bits</c>.</summary>
    Bits,

    /// <summary><c>Kilobits</c>.</summary>
    Kilobits,

    /// <summary><c>Megabits</c>.</summary>
    Megabits,

    /// <summary><c>Gigabits</c>.</summary>
    Gigabits,

    /// <summary><c>Terabits</c>.</summary>
    Terabits,

    /// <summary><c>Bytes/Second</c>.</summary>
    BytesPerSecond,

    /// <summary><c>Kilobytes/Second</c>.</summary>
    KilobytesPerSecond,

    /// <summary><c>Megabytes/Second</c>.</summary>
    MegabytesPerSecond,

    /// <summary><c>Gigabytes/Second</c>.</summary>
    GigabytesPerSecond,

    /// <summary><c>Terabytes/Second</c>.</summary>
    TerabytesPerSecond,

    /// <summary><c>Bits/Second</c>.</summary>
    BitsPerSecond,

    /// <summary><c>Kilobits/Second</c>.</summary>
    KilobitsPerSecond,

    /// <summary><c>Megabits/Second</c>.</summary>
    MegabitsPerSecond,

    /// <summary><c>Gigabits/Second</c>.</summary>
    GigabitsPerSecond,

    /// <summary><c>Terabits/Second</c>.</summary>
    TerabitsPerSecond,

    /// <summary><c>Count/Second</c>.</summary>
    CountPerSecond,
}
