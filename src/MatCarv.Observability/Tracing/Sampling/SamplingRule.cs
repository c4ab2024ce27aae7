namespace MatCarv.Observability.Tracing.Sampling;

/// <summary>
/// One local sampling rule in the X-Ray SDK format: requests matching <see cref="Host"/>, <see cref="HttpMethod"/> and
/// <see cref="UrlPath"/> (globs with <c>*</c> and <c>?</c>) are sampled at <see cref="FixedTarget"/> per second, then at
/// <see cref="Rate"/>.
/// </summary>
internal sealed class SamplingRule
{
    private readonly object _gate = new();
    private long _second = long.MinValue;
    private int _taken;

    public SamplingRule(string description, string host, string httpMethod, string urlPath, int fixedTarget, double rate)
    {
        Description = description;
        Host = host;
        HttpMethod = httpMethod;
        UrlPath = urlPath;
        FixedTarget = fixedTarget;
        Rate = rate;
        MatchesAll = host == "*" && httpMethod == "*" && urlPath == "*";
    }

    public string Description { get; }

    public string Host { get; }

    public string HttpMethod { get; }

    public string UrlPath { get; }

    public int FixedTarget { get; }

    public double Rate { get; }

    /// <summary>True when every criterion is <c>*</c>, so matching needs no request attribute.</summary>
    public bool MatchesAll { get; }

    public bool Matches(string? host, string? method, string? path) =>
        MatchesAll || (Glob.IsMatch(Host, host ?? string.Empty) && Glob.IsMatch(HttpMethod, method ?? string.Empty) && Glob.IsMatch(UrlPath, path ?? string.Empty));

    /// <summary>The reservoir first (X-Ray: "fixed_target" traces each second), then the rate.</summary>
    public bool Sample(LocalSampler clock)
    {
        if (FixedTarget > 0)
        {
            long second = clock.CurrentSecond();
            lock (_gate)
            {
                if (second != _second)
                {
                    _second = second;
                    _taken = 0;
                }

                if (_taken < FixedTarget)
                {
                    _taken++;
                    return true;
                }
            }
        }

        return Rate >= 1 || (Rate > 0 && Random.Shared.NextDouble() < Rate);
    }
}
