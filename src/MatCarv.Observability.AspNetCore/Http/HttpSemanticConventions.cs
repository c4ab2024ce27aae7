namespace MatCarv.Observability.AspNetCore.Http;

/// <summary>
/// The OpenTelemetry HTTP server span attributes (semantic conventions, stable HTTP), the ones X-Ray's <c>http</c> block is
/// built from by the MatCarv exporter, and the normalisations the conventions ask for.
/// </summary>
internal static class HttpSemanticConventions
{
    public const string RequestMethod = "http.request.method";
    public const string RequestMethodOriginal = "http.request.method_original";
    public const string ResponseStatusCode = "http.response.status_code";
    public const string ResponseBodySize = "http.response.body.size";
    public const string Route = "http.route";
    public const string UrlScheme = "url.scheme";
    public const string UrlPath = "url.path";
    public const string UrlQuery = "url.query";
    public const string ServerAddress = "server.address";
    public const string ServerPort = "server.port";
    public const string ClientAddress = "client.address";
    public const string UserAgent = "user_agent.original";
    public const string ProtocolVersion = "network.protocol.version";
    public const string ErrorType = "error.type";

    /// <summary>The value of <c>http.request.method</c> for a method outside the known set (the original goes in method_original).</summary>
    public const string OtherMethod = "_OTHER";

    /// <summary>
    /// The method as the conventions want it: one of the RFC 9110 methods, PATCH (RFC 5789) or QUERY, exactly as written,
    /// else <c>_OTHER</c> (a client could otherwise create unbounded attribute values). Known methods return an interned
    /// literal, so nothing is allocated.
    /// </summary>
    public static string NormalizeMethod(string method) => method switch
    {
        "GET" => "GET",
        "POST" => "POST",
        "PUT" => "PUT",
        "DELETE" => "DELETE",
        "HEAD" => "HEAD",
        "OPTIONS" => "OPTIONS",
        "PATCH" => "PATCH",
        "TRACE" => "TRACE",
        "CONNECT" => "CONNECT",
        "QUERY" => "QUERY",
        _ => OtherMethod,
    };

    /// <summary><c>network.protocol.version</c> from the request protocol (<c>HTTP/1.1</c> → <c>1.1</c>), null when unknown.</summary>
    public static string? ProtocolVersionOf(string protocol) => protocol switch
    {
        "HTTP/1.1" => "1.1",
        "HTTP/2" => "2",
        "HTTP/3" => "3",
        "HTTP/1.0" => "1.0",
        _ => null,
    };
}
