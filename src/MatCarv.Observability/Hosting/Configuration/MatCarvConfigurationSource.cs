using Microsoft.Extensions.Configuration;

namespace MatCarv.Observability.Hosting.Configuration;

/// <summary>
/// The <c>MatCarv</c> configuration section of one service collection, and the subsections that signals bind. The root
/// binding rejects any other subsection, so a misspelled or unused key (<c>MatCarv:Metric:Namespace</c>, a
/// <c>HealthEvents</c> section without <c>WithHealthEvents</c>) fails start-up instead of being ignored.
/// </summary>
internal sealed class MatCarvConfigurationSource
{
    private readonly HashSet<string> _subsections = new(StringComparer.OrdinalIgnoreCase);

    public MatCarvConfigurationSource(IConfigurationSection section) => Section = section;

    public IConfigurationSection Section { get; }

    /// <summary>Records that a signal binds <paramref name="key"/>; false when one already does.</summary>
    public bool Claim(string key)
    {
        lock (_subsections)
        {
            return _subsections.Add(key);
        }
    }

    public bool IsClaimed(string key)
    {
        lock (_subsections)
        {
            return _subsections.Contains(key);
        }
    }

    public string ClaimedList()
    {
        lock (_subsections)
        {
            return string.Join(", ", _subsections.Order(StringComparer.Ordinal));
        }
    }
}
