using System.Diagnostics;
using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;

namespace MatCarv.Observability.AspNetCore.Http;

/// <summary>
/// Tags every ASP.NET Core request activity with the HTTP semantic conventions when the request ends, from the host's own
/// <see cref="DiagnosticListener"/> (<c>Microsoft.AspNetCore</c>): its <c>HttpRequestIn.Stop</c> event carries the
/// <see cref="HttpContext"/> and fires before the activity stops, after the response status is final (Kestrel has set 500
/// for an unhandled exception by then). No middleware, no reflection: the payload is cast to <see cref="HttpContext"/>.
/// Subscribing never makes ASP.NET Core create an activity it would not have created (the activity-creation check,
/// <c>IsEnabled("Microsoft.AspNetCore.Hosting.HttpRequestIn", context)</c>, is answered false).
/// </summary>
internal sealed class HttpServerSpanTagger : IObserver<KeyValuePair<string, object?>>, IDisposable
{
    internal const string ListenerName = "Microsoft.AspNetCore";
    private const string ActivityName = "Microsoft.AspNetCore.Hosting.HttpRequestIn";
    private const string StartEvent = ActivityName + ".Start";
    private const string StopEvent = ActivityName + ".Stop";

    private static readonly object[] BoxedStatusCodes = Enumerable.Range(0, 600).Select(static code => (object)code).ToArray();

    private readonly QueryStringRedactor _query;
    private readonly object _gate = new();
    private IDisposable? _subscription;

    public HttpServerSpanTagger(IOptions<MatCarvAspNetCoreOptions> options)
    {
        _query = new QueryStringRedactor(options.Value.RedactedQueryParameters);
    }

    /// <summary>Subscribes to the host's listener once (the start-up filter calls it while the pipeline is built).</summary>
    public void Subscribe(DiagnosticListener listener)
    {
        lock (_gate)
        {
            // The Start event must be enabled too: ASP.NET Core writes the Stop event only when a subscriber took the Start.
            _subscription ??= listener.Subscribe(this, static (name, _, _) => name is StartEvent or StopEvent);
        }
    }

    public void OnNext(KeyValuePair<string, object?> value)
    {
        if (value.Key == StopEvent && value.Value is HttpContext context && context.Features.Get<IHttpActivityFeature>()?.Activity is { } activity)
        {
            try
            {
                Tag(context, activity, context.Response.StatusCode);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                // Tagging must never fail a request: a missing tag is the only consequence.
            }
        }
    }

    public void OnCompleted()
    {
    }

    public void OnError(Exception error)
    {
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _subscription?.Dispose();
            _subscription = null;
        }
    }

    /// <summary>
    /// Sets the tags on <paramref name="activity"/>: the request's activity at its Stop event, or, on Lambda, the invocation's
    /// subsegment that stands for the request (<paramref name="status"/> is then 500 for an unhandled exception).
    /// </summary>
    internal void Tag(HttpContext context, Activity activity, int status)
    {
        if (!activity.IsAllDataRequested || activity.GetTagItem(HttpSemanticConventions.ResponseStatusCode) is not null)
        {
            // Not recorded by anyone, or already tagged (ASP.NET Core 11+, or OpenTelemetry's instrumentation).
            return;
        }

        var request = context.Request;
        var method = HttpSemanticConventions.NormalizeMethod(request.Method);
        activity.SetTag(HttpSemanticConventions.RequestMethod, method);
        if (ReferenceEquals(method, HttpSemanticConventions.OtherMethod))
        {
            activity.SetTag(HttpSemanticConventions.RequestMethodOriginal, request.Method);
        }

        activity.SetTag(HttpSemanticConventions.UrlScheme, request.Scheme);
        activity.SetTag(HttpSemanticConventions.UrlPath, request.PathBase.HasValue || request.Path.HasValue ? (request.PathBase + request.Path).ToString() : "/");
        if (_query.Redact(request.QueryString.Value) is { } query)
        {
            activity.SetTag(HttpSemanticConventions.UrlQuery, query);
        }

        if (request.Host.HasValue)
        {
            activity.SetTag(HttpSemanticConventions.ServerAddress, request.Host.Host);
            if (request.Host.Port is { } port)
            {
                activity.SetTag(HttpSemanticConventions.ServerPort, port);
            }
        }

        if (ClientAddress(context) is { } client)
        {
            activity.SetTag(HttpSemanticConventions.ClientAddress, client);
        }

        if (request.Headers.UserAgent is { Count: > 0 } userAgent && !string.IsNullOrEmpty(userAgent[0]))
        {
            activity.SetTag(HttpSemanticConventions.UserAgent, userAgent[0]);
        }

        if (HttpSemanticConventions.ProtocolVersionOf(request.Protocol) is { } version)
        {
            activity.SetTag(HttpSemanticConventions.ProtocolVersion, version);
        }

        var route = Route(context);
        if (route is not null)
        {
            activity.SetTag(HttpSemanticConventions.Route, route);
        }

        // Span name per the conventions: "{method} {route}", or the method alone ("HTTP" for unknown methods).
        var verb = ReferenceEquals(method, HttpSemanticConventions.OtherMethod) ? "HTTP" : method;
        activity.DisplayName = route is null ? verb : verb + " " + route;

        activity.SetTag(HttpSemanticConventions.ResponseStatusCode, (uint)status < (uint)BoxedStatusCodes.Length ? BoxedStatusCodes[status] : status);
        if (context.Response.ContentLength is { } length)
        {
            activity.SetTag(HttpSemanticConventions.ResponseBodySize, length);
        }

        // Server spans: 5xx is an error, 4xx is the client's (semantic conventions, "Status").
        if (status >= 500 && activity.Status == ActivityStatusCode.Unset)
        {
            activity.SetTag(HttpSemanticConventions.ErrorType, status.ToString(CultureInfo.InvariantCulture));
            activity.SetStatus(ActivityStatusCode.Error);
        }
    }

    private static string? Route(HttpContext context)
    {
        var endpoint = context.GetEndpoint();
        if (endpoint is null)
        {
            return null;
        }

        return endpoint.Metadata.GetMetadata<IRouteDiagnosticsMetadata>()?.Route ?? (endpoint as RouteEndpoint)?.RoutePattern.RawText;
    }

    /// <summary>
    /// <c>client.address</c>: the original client from <c>X-Forwarded-For</c> (API Gateway, ALB, CloudFront and Lambda
    /// function URLs put it first), else the connection's peer (semantic conventions: the forwarded value when available).
    /// </summary>
    private static string? ClientAddress(HttpContext context)
    {
        if (context.Request.Headers.TryGetValue("X-Forwarded-For", out var forwarded) && forwarded.Count > 0 && forwarded[0] is { Length: > 0 } first)
        {
            int comma = first.IndexOf(',', StringComparison.Ordinal);
            var client = (comma < 0 ? first : first[..comma]).Trim();
            if (client.Length > 0)
            {
                return client;
            }
        }

        return context.Connection.RemoteIpAddress?.ToString();
    }
}
