using System.Diagnostics;
using System.Globalization;

namespace MatCarv.Observability.Tracing.Export;

/// <summary>
/// The OpenTelemetry semantic-convention tags that X-Ray has fields for, read in one pass over an activity's tags
/// (current names first, then the older ones HttpClient and ASP.NET Core used before .NET 8).
/// </summary>
internal struct SpanTags
{
    private HashSet<string>? _configuredAnnotations;
    private string[]? _listedAnnotations;
    private ulong _mapped;

    public string? Method { get; private set; }

    public string? UrlFull { get; private set; }

    public string? Scheme { get; private set; }

    public string? ServerAddress { get; private set; }

    public int? ServerPort { get; private set; }

    public string? Path { get; private set; }

    public string? Query { get; private set; }

    public string? UserAgent { get; private set; }

    public string? ClientIp { get; private set; }

    public int? Status { get; private set; }

    public long? ContentLength { get; private set; }

    public string? RpcSystem { get; private set; }

    public string? RpcService { get; private set; }

    public string? RpcMethod { get; private set; }

    public string? AwsRequestId { get; private set; }

    public string? AwsRegion { get; private set; }

    public string? QueueUrl { get; private set; }

    public string? TableName { get; private set; }

    public readonly bool IsAws => RpcSystem == "aws-api";

    public readonly bool HasAnnotationTags => _configuredAnnotations is { Count: > 0 } || _listedAnnotations is { Length: > 0 };

    public static SpanTags Read(Activity activity, HashSet<string> configuredAnnotations)
    {
        var tags = new SpanTags { _configuredAnnotations = configuredAnnotations };
        int index = -1;
        foreach (var tag in activity.EnumerateTagObjects())
        {
            index++;
            var value = tag.Value;
            bool mapped = true;
            switch (tag.Key)
            {
                case "http.request.method":
                    tags.Method = value as string;
                    break;
                case "http.method":
                    tags.Method ??= value as string;
                    break;
                case "url.full":
                    tags.UrlFull = value as string;
                    break;
                case "http.url":
                    tags.UrlFull ??= value as string;
                    break;
                case "url.scheme" or "http.scheme":
                    tags.Scheme ??= value as string;
                    break;
                case "server.address" or "http.host" or "net.peer.name":
                    tags.ServerAddress ??= value as string;
                    break;
                case "server.port" or "net.peer.port":
                    tags.ServerPort ??= ToInt(value);
                    break;
                case "url.path":
                    tags.Path = value as string;
                    break;
                case "http.target":
                    tags.Path ??= value as string;
                    break;
                case "url.query":
                    tags.Query = value as string;
                    break;
                case "user_agent.original" or "http.user_agent":
                    tags.UserAgent ??= value as string;
                    break;
                case "client.address" or "http.client_ip":
                    tags.ClientIp ??= value as string;
                    break;
                case "http.response.status_code" or "http.status_code":
                    tags.Status ??= ToInt(value);
                    break;
                case "http.response.body.size" or "http.response_content_length":
                    tags.ContentLength ??= ToInt(value);
                    break;
                case "rpc.system":
                    tags.RpcSystem = value as string;
                    break;
                case "rpc.service":
                    tags.RpcService = value as string;
                    break;
                case "rpc.method":
                    tags.RpcMethod = value as string;
                    break;
                case "aws.request_id" or "aws.requestId":
                    tags.AwsRequestId ??= value as string;
                    break;
                case "aws.region":
                    tags.AwsRegion ??= value as string;
                    break;
                case "cloud.region":
                    // Used for the region, and still kept as metadata (it is not an X-Ray field of its own).
                    tags.AwsRegion ??= value as string;
                    mapped = false;
                    break;
                case "aws.queue_url" or "aws.sqs.queue_url":
                    tags.QueueUrl ??= value as string;
                    break;
                case "aws.table_name":
                    tags.TableName ??= value as string;
                    break;
                case "aws.dynamodb.table_names":
                    tags.TableName ??= value is string[] { Length: > 0 } names ? names[0] : value as string;
                    break;
                case "aws.xray.annotations":
                    tags._listedAnnotations = value as string[] ?? (value is string one ? [one] : null);
                    break;
                case "otel.status_code" or "otel.status_description":
                    break;
                default:
                    mapped = false;
                    break;
            }

            if (mapped && index < 64)
            {
                // Remembered by position so that the metadata pass does not look every key up a second time.
                tags._mapped |= 1UL << index;
            }
        }

        return tags;
    }

    /// <summary>The request URL: <c>url.full</c>, else rebuilt from scheme, host, port, path and query.</summary>
    public readonly string? Url()
    {
        if (UrlFull is not null)
        {
            return UrlFull;
        }

        if (Path is null && ServerAddress is null)
        {
            return null;
        }

        var scheme = Scheme ?? "http";
        var port = ServerPort is { } p && !(p == 80 && scheme == "http") && !(p == 443 && scheme == "https")
            ? ":" + p.ToString(CultureInfo.InvariantCulture)
            : string.Empty;
        var query = Query is { Length: > 0 } q ? (q[0] == '?' ? q : "?" + q) : string.Empty;
        return ServerAddress is null ? Path + query : scheme + "://" + ServerAddress + port + (Path ?? "/") + query;
    }

    /// <summary>Whether a tag is written as an annotation (configured, or listed in <c>aws.xray.annotations</c>).</summary>
    public readonly bool IsAnnotation(string key)
    {
        if (_configuredAnnotations is { Count: > 0 } configured && configured.Contains(key))
        {
            return true;
        }

        if (_listedAnnotations is { } listed)
        {
            foreach (var name in listed)
            {
                if (string.Equals(name, key, StringComparison.Ordinal))
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>Whether the tag at <paramref name="index"/> (in <see cref="Activity.EnumerateTagObjects"/> order) has an X-Ray field.</summary>
    public readonly bool IsMappedAt(int index, string key) => index < 64 ? (_mapped & (1UL << index)) != 0 : IsMapped(key);

    /// <summary>Tags that X-Ray has a field for, so they are not repeated as metadata.</summary>
    public static bool IsMapped(string key) => key switch
    {
        "http.request.method" or "http.method" or "url.full" or "http.url" or "url.scheme" or "http.scheme"
            or "server.address" or "http.host" or "net.peer.name" or "server.port" or "net.peer.port" or "url.path" or "http.target"
            or "url.query" or "user_agent.original" or "http.user_agent" or "client.address" or "http.client_ip"
            or "http.response.status_code" or "http.status_code" or "http.response.body.size" or "http.response_content_length"
            or "rpc.system" or "rpc.service" or "rpc.method" or "aws.request_id" or "aws.requestId" or "aws.region"
            or "aws.queue_url" or "aws.sqs.queue_url" or "aws.table_name" or "aws.dynamodb.table_names" or "aws.xray.annotations"
            or "otel.status_code" or "otel.status_description" => true,
        _ => false,
    };

    private static int? ToInt(object? value) => value switch
    {
        int i => i,
        long l when l is >= int.MinValue and <= int.MaxValue => (int)l,
        short s => s,
        string s when int.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed) => parsed,
        _ => null,
    };
}
