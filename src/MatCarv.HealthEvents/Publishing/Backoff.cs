namespace MatCarv.HealthEvents.Publishing;

/// <summary>Full-jitter exponential backoff: <c>random(0, min(cap, base × 2^retry))</c> (AWS Architecture Blog, "Exponential Backoff And Jitter").</summary>
internal static class Backoff
{
    public static TimeSpan FullJitter(TimeSpan baseDelay, TimeSpan cap, int retry, Random random)
    {
        var exponent = Math.Min(Math.Max(retry, 0), 30);
        var ceiling = Math.Min(cap.TotalMilliseconds, baseDelay.TotalMilliseconds * Math.Pow(2, exponent));
        return TimeSpan.FromMilliseconds(random.NextDouble() * Math.Max(ceiling, 0));
    }

    /// <summary>Plain capped exponential backoff, <c>min(cap, base × 2^retry)</c>, for the one credential resolver (no herd to spread).</summary>
    public static TimeSpan Capped(TimeSpan baseDelay, TimeSpan cap, int retry)
    {
        var exponent = Math.Min(Math.Max(retry, 0), 30);
        return TimeSpan.FromMilliseconds(Math.Max(Math.Min(cap.TotalMilliseconds, baseDelay.TotalMilliseconds * Math.Pow(2, exponent)), 0));
    }
}
