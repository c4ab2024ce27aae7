namespace MatCarv.HealthEvents.Publishing;

/// <summary>
/// A retry token bucket (AWS SDK retry behaviour): a retry after throttling costs <see cref="ThrottlingCost"/>, after another
/// error <see cref="TransientCost"/>; a request that succeeds after retries returns what they cost, a first-try success
/// returns one token. An empty bucket means the endpoint is failing broadly: stop retrying rather than amplify the outage.
/// Used by the single background sender only.
/// </summary>
internal sealed class RetryBudget
{
    public const int ThrottlingCost = 5;
    public const int TransientCost = 14;

    public RetryBudget(int capacity)
    {
        Capacity = capacity;
        Available = capacity;
    }

    public int Capacity { get; }

    public int Available { get; private set; }

    public bool TryAcquire(int cost)
    {
        if (Available < cost)
        {
            return false;
        }

        Available -= cost;
        return true;
    }

    public void Release(int amount) => Available = Math.Min(Capacity, Available + Math.Max(amount, 0));
}
