namespace MatCarv.HealthEvents.Transport;

/// <summary>The HTTP stack for PutEvents, in one place for the <c>IHttpClientFactory</c> client and the container-less one.</summary>
internal static class EventBridgeHttp
{
    public static SocketsHttpHandler CreatePrimaryHandler() => new()
    {
        // The signer needs the request as sent; a redirect would go out unsigned or signed for another host.
        AllowAutoRedirect = false,
        ConnectTimeout = TimeSpan.FromSeconds(5),
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
    };

    /// <summary>A client with the signing handler over the primary handler; per-attempt timeouts are the sink's.</summary>
    public static HttpClient CreateClient() =>
        new(new EventBridgeSigningHandler { InnerHandler = CreatePrimaryHandler() }, disposeHandler: true) { Timeout = Timeout.InfiniteTimeSpan };
}
