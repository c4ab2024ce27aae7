namespace MatCarv.Observability.Tracing.Sampling;

/// <summary>
/// A sampling rule from the X-Ray service (<c>GetSamplingRules</c>), with the reservoir quota and rate the service assigns
/// through <c>SamplingTargets</c> and the statistics reported back. Until a quota is assigned (or after it expires) the rule
/// borrows one trace per second from the service's reservoir, as the X-Ray SDKs do.
/// </summary>
internal sealed class CentralizedRule
{
    private readonly object _gate = new();
    private long _second = long.MinValue;
    private int _takenThisSecond;
    private long _requests;
    private long _sampled;
    private long _borrowed;

    public CentralizedRule(string name, int priority, double fixedRate, int reservoirSize, string serviceName, string serviceType, string host, string httpMethod, string urlPath)
    {
        Name = name;
        Priority = priority;
        FixedRate = fixedRate;
        ReservoirSize = reservoirSize;
        ServiceName = serviceName;
        ServiceType = serviceType;
        Host = host;
        HttpMethod = httpMethod;
        UrlPath = urlPath;
    }

    public string Name { get; }

    public int Priority { get; }

    /// <summary>The rate; replaced by the one <c>SamplingTargets</c> assigns.</summary>
    public double FixedRate { get; set; }

    public int ReservoirSize { get; }

    public string ServiceName { get; }

    public string ServiceType { get; }

    public string Host { get; }

    public string HttpMethod { get; }

    public string UrlPath { get; }

    /// <summary>Traces per second the service lets this client sample, once assigned.</summary>
    public int? Quota { get; private set; }

    /// <summary>When <see cref="Quota"/> stops applying (epoch seconds).</summary>
    public long QuotaExpiresAt { get; private set; }

    public bool Matches(string serviceName, string serviceType, string? host, string? method, string? path) =>
        Glob.IsMatch(ServiceName, serviceName) && Glob.IsMatch(ServiceType, serviceType)
        && Glob.IsMatch(Host, host ?? string.Empty) && Glob.IsMatch(HttpMethod, method ?? string.Empty) && Glob.IsMatch(UrlPath, path ?? string.Empty);

    /// <summary>Same name, priority, reservoir and criteria (the rate may since have been replaced by a target).</summary>
    public bool HasSameDefinition(CentralizedRule other) =>
        Name == other.Name && Priority == other.Priority && ReservoirSize == other.ReservoirSize && ServiceName == other.ServiceName
        && ServiceType == other.ServiceType && Host == other.Host && HttpMethod == other.HttpMethod && UrlPath == other.UrlPath;

    public void SetQuota(int? quota, long expiresAt)
    {
        lock (_gate)
        {
            Quota = quota;
            QuotaExpiresAt = expiresAt;
        }
    }

    public bool Sample(long epochSecond)
    {
        Interlocked.Increment(ref _requests);
        lock (_gate)
        {
            if (epochSecond != _second)
            {
                _second = epochSecond;
                _takenThisSecond = 0;
            }

            bool hasQuota = Quota is not null && epochSecond < QuotaExpiresAt;
            // Borrowing (one per second) needs a rule with a reservoir at all, as in the X-Ray SDKs.
            int limit = hasQuota ? Quota!.Value : (ReservoirSize > 0 ? 1 : 0);
            if (_takenThisSecond < limit)
            {
                _takenThisSecond++;
                Interlocked.Increment(ref _sampled);
                if (!hasQuota)
                {
                    Interlocked.Increment(ref _borrowed);
                }

                return true;
            }
        }

        if (FixedRate > 0 && (FixedRate >= 1 || Random.Shared.NextDouble() < FixedRate))
        {
            Interlocked.Increment(ref _sampled);
            return true;
        }

        return false;
    }

    /// <summary>Takes the statistics since the last report (X-Ray <c>SamplingStatisticsDocument</c>).</summary>
    public (long Requests, long Sampled, long Borrowed) TakeStatistics() =>
        (Interlocked.Exchange(ref _requests, 0), Interlocked.Exchange(ref _sampled, 0), Interlocked.Exchange(ref _borrowed, 0));
}
