using Amazon;
using Amazon.Runtime;

namespace MatCarv.HealthEvents.Transport;

/// <summary>
/// What the signer needs, resolved once on the background sender: the credentials object (kept, not its keys, so that
/// refreshing credentials rotate), the signing region, and the clock offset learned from a skew error.
/// </summary>
internal sealed class AwsSigningContext
{
    /// <summary>SigV4 signing name of EventBridge (service model <c>signingName</c>).</summary>
    public const string ServiceName = "events";

    private long _clockOffsetTicks;

    public AwsSigningContext(AWSCredentials credentials, RegionEndpoint region, TimeProvider time)
    {
        Credentials = credentials;
        Region = region;
        Time = time;
    }

    public AWSCredentials Credentials { get; }

    public RegionEndpoint Region { get; }

    public TimeProvider Time { get; }

    /// <summary>Server time minus local time, learned from the <c>Date</c> header of a skew error.</summary>
    public TimeSpan ClockOffset
    {
        get => TimeSpan.FromTicks(Interlocked.Read(ref _clockOffsetTicks));
        set => Interlocked.Exchange(ref _clockOffsetTicks, value.Ticks);
    }

    /// <summary>The signing time: local UTC corrected by the learned offset.</summary>
    public DateTime SigningTime() => (Time.GetUtcNow() + ClockOffset).UtcDateTime;
}
