namespace MatCarv.HealthEvents.Publishing;

/// <summary>
/// The PutEvents request limits the sender cuts its queue by, greedily and in order: at most
/// <see cref="MaxEntriesPerRequest"/> entries and at most the byte budget by <see cref="EntrySize"/>. An entry larger than
/// the budget on its own can never be sent.
/// </summary>
internal static class EntryBatcher
{
    /// <summary>EventBridge PutEvents: 1 to 10 entries per request.</summary>
    public const int MaxEntriesPerRequest = 10;

    /// <summary>Whether <paramref name="entry"/> fits in a request at all.</summary>
    public static bool FitsAlone(PreparedEntry entry, int maxRequestBytes) => entry.Size <= maxRequestBytes;

    /// <summary>Whether <paramref name="entry"/> can join a batch that already holds <paramref name="count"/> entries of <paramref name="bytes"/>.</summary>
    public static bool CanAdd(int count, long bytes, PreparedEntry entry, int maxRequestBytes) =>
        count < MaxEntriesPerRequest && bytes + entry.Size <= maxRequestBytes;
}
