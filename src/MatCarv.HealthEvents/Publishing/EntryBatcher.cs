namespace MatCarv.HealthEvents.Publishing;

/// <summary>
/// Cuts a run of entries into PutEvents requests: at most <see cref="MaxEntriesPerRequest"/> entries and at most the byte
/// budget by <see cref="EntrySize"/>, keeping order. An entry larger than the budget on its own can never be sent.
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

    /// <summary>
    /// Splits <paramref name="entries"/> into consecutive batches. Entries that do not fit alone go to <paramref name="oversized"/>.
    /// </summary>
    public static List<List<PreparedEntry>> Split(IEnumerable<PreparedEntry> entries, int maxRequestBytes, List<PreparedEntry> oversized)
    {
        var batches = new List<List<PreparedEntry>>();
        List<PreparedEntry>? current = null;
        long bytes = 0;
        foreach (var entry in entries)
        {
            if (!FitsAlone(entry, maxRequestBytes))
            {
                oversized.Add(entry);
                continue;
            }

            if (current is null || !CanAdd(current.Count, bytes, entry, maxRequestBytes))
            {
                current = new List<PreparedEntry>(MaxEntriesPerRequest);
                batches.Add(current);
                bytes = 0;
            }

            current.Add(entry);
            bytes += entry.Size;
        }

        return batches;
    }
}
