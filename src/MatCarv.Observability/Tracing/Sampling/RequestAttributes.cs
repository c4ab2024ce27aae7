using System.Diagnostics;

namespace MatCarv.Observability.Tracing.Sampling;

/// <summary>
/// The three request attributes X-Ray sampling rules match on (host, HTTP method, URL path), read from the tags a new
/// activity is created with. Both the current semantic-convention names and the older ones are accepted (instrumentations
/// of either generation are in use); the first value of each wins.
/// </summary>
internal readonly struct RequestAttributes
{
    private RequestAttributes(string? host, string? method, string? path)
    {
        Host = host;
        Method = method;
        Path = path;
    }

    public string? Host { get; }

    public string? Method { get; }

    public string? Path { get; }

    public static RequestAttributes From(in ActivityCreationOptions<ActivityContext> options)
    {
        string? host = null, method = null, path = null;
        if (options.Tags is { } tags)
        {
            foreach (var tag in tags)
            {
                switch (tag.Key)
                {
                    case "server.address" or "http.host":
                        host ??= tag.Value as string;
                        break;
                    case "http.request.method" or "http.method":
                        method ??= tag.Value as string;
                        break;
                    case "url.path" or "http.target":
                        path ??= tag.Value as string;
                        break;
                }
            }
        }

        return new RequestAttributes(host, method, path);
    }
}
