using Amazon.Runtime;

namespace MatCarv.HealthEvents.Tests.Infrastructure;

/// <summary>
/// A credential chain as slow or as empty as a machine outside AWS makes it (the instance-metadata probe), then working:
/// the first <see cref="FailuresBeforeSuccess"/> resolutions fail, and they and the first success take <see cref="Latency"/>.
/// </summary>
internal sealed class TestCredentials : AWSCredentials
{
    private int _calls;

    public TimeSpan Latency { get; init; }

    public int FailuresBeforeSuccess { get; init; }

    public int Calls => Volatile.Read(ref _calls);

    public override ImmutableCredentials GetCredentials() => throw new NotSupportedException("async only");

    public override async Task<ImmutableCredentials> GetCredentialsAsync()
    {
        int call = Interlocked.Increment(ref _calls);
        if (Latency > TimeSpan.Zero && call <= FailuresBeforeSuccess + 1)
        {
            await Task.Delay(Latency);
        }

        if (call <= FailuresBeforeSuccess)
        {
            throw new AmazonClientException("Failed to resolve AWS credentials (test: the chain is empty for now).");
        }

        return new ImmutableCredentials(FakeEventBridge.AccessKey, FakeEventBridge.SecretKey, FakeEventBridge.SessionToken);
    }
}
