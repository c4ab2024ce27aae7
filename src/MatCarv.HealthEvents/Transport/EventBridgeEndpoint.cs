using Amazon;

namespace MatCarv.HealthEvents.Transport;

/// <summary>
/// The PutEvents endpoint. An explicit URL wins (option, then <c>AWS_ENDPOINT_URL_EVENTBRIDGE</c>, then <c>AWS_ENDPOINT_URL</c>);
/// otherwise the regional endpoint, as the EventBridge endpoint rules give it (checked against the JS v3 rules engine):
/// standard <c>events.{region}.{dnsSuffix}</c>, FIPS <c>events-fips.…</c> (GovCloud's standard endpoint is already FIPS),
/// dual-stack <c>events.{region}.{dualStackDnsSuffix}</c>.
/// </summary>
internal static class EventBridgeEndpoint
{
    public static Uri Resolve(string region, bool fips, bool dualStack)
    {
        string partition;
        string dnsSuffix;
        try
        {
            var endpoint = RegionEndpoint.GetBySystemName(region);
            partition = endpoint.PartitionName ?? "aws";
            dnsSuffix = endpoint.PartitionDnsSuffix ?? "amazonaws.com";
        }
        catch (ArgumentException)
        {
            partition = "aws";
            dnsSuffix = "amazonaws.com";
        }

        if (dualStack)
        {
            dnsSuffix = partition switch
            {
                "aws" or "aws-us-gov" => "api.aws",
                "aws-cn" => "api.amazonwebservices.com.cn",
                _ => dnsSuffix, // ISO and other partitions have no dual-stack endpoint for EventBridge.
            };
        }

        var service = fips && partition != "aws-us-gov" ? "events-fips" : "events";
        return new Uri($"https://{service}.{region}.{dnsSuffix}/", UriKind.Absolute);
    }

    /// <summary>Parses an endpoint URL from configuration; null when absent. Throws <see cref="FormatException"/> naming <paramref name="setting"/> when invalid.</summary>
    public static Uri? ParseConfigured(string? value, string setting)
    {
        if (value is null)
        {
            return null;
        }

        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            throw new FormatException($"{setting} '{value}' is not an absolute http or https URL.");
        }

        return uri;
    }
}
