using System.Text;
using System.Text.Json;
using MatCarv.Observability.Lambda;
using Microsoft.AspNetCore.Http;

namespace MatCarv.Observability.AspNetCore.Lambda;

/// <summary>
/// The facts of the Lambda invocation that carries a request, from what each way of hosting ASP.NET Core in Lambda puts on
/// the request (none of their packages is referenced):
/// <list type="number">
/// <item>the application's own mapping (<see cref="MatCarvAspNetCoreOptions.Invocation"/>), e.g. Amazon.Lambda.AspNetCoreServer's
/// <c>HttpContext.Items["LambdaContext"]</c> mapped like any <c>ILambdaContext</c>;</item>
/// <item>AWS Lambda Web Adapter's <c>x-amzn-lambda-context</c> header: the runtime's context as JSON (<c>request_id</c>,
/// <c>deadline</c> in epoch milliseconds, <c>invoked_function_arn</c>, <c>xray_trace_id</c>);</item>
/// <item>Lambda Web Functions' <c>lambda-web-request-id</c> header, with the request's <c>X-Amzn-Trace-Id</c>;</item>
/// <item>otherwise the request's <see cref="HttpContext.TraceIdentifier"/> as the request id, and the trace header from
/// <c>_X_AMZN_TRACE_ID</c>, which the .NET runtime sets per invocation. Amazon.Lambda.AspNetCoreServer without a mapping
/// lands here: its identifier is that trace header, not Lambda's request id, so this is announced once.</item>
/// </list>
/// </summary>
internal sealed class LambdaRequestFacts
{
    internal const string LambdaContextHeader = "x-amzn-lambda-context";
    internal const string WebFunctionRequestIdHeader = "lambda-web-request-id";
    internal const string TraceHeader = "X-Amzn-Trace-Id";

    // The context header is the runtime's context, a few hundred bytes; anything far larger is not it.
    private const int MaxContextHeaderLength = 16 * 1024;

    // Amazon.Lambda.AspNetCoreServer's key for the ILambdaContext in HttpContext.Items (AbstractAspNetCoreFunction.LAMBDA_CONTEXT).
    internal const string AspNetCoreServerLambdaContextItem = "LambdaContext";

    private readonly Func<HttpContext, LambdaInvocation?>? _mapping;
    private readonly TimeProvider _time;
    private readonly LambdaRequestsSignal? _diagnostics;

    public LambdaRequestFacts(Func<HttpContext, LambdaInvocation?>? mapping, TimeProvider time, LambdaRequestsSignal? diagnostics = null)
    {
        _mapping = mapping;
        _time = time;
        _diagnostics = diagnostics;
    }

    /// <summary>The request's invocation facts; <paramref name="source"/> names where they came from (for diagnostics).</summary>
    public LambdaInvocation Resolve(HttpContext context, out string source)
    {
        if (Map(context) is { } mapped)
        {
            source = "mapping";
            return mapped;
        }

        var headers = context.Request.Headers;
        if (headers.TryGetValue(LambdaContextHeader, out var json) && json.Count > 0 && FromLambdaContextHeader(json[0]) is { } adapter)
        {
            source = LambdaContextHeader;
            return adapter;
        }

        if (headers.TryGetValue(WebFunctionRequestIdHeader, out var webId) && webId.Count > 0 && !string.IsNullOrEmpty(webId[0]))
        {
            source = WebFunctionRequestIdHeader;
            return new LambdaInvocation(webId[0]!) { TraceHeader = headers.TryGetValue(TraceHeader, out var trace) ? trace.ToString() : null };
        }

        if (_diagnostics is not null && context.Items.ContainsKey(AspNetCoreServerLambdaContextItem))
        {
            // Only on this last path: the context is there, but the application did not map it (and we cannot read it
            // without referencing its type or using reflection).
            _diagnostics.AnnounceUnmappedLambdaContext();
        }

        source = "trace_identifier";
        return new LambdaInvocation(string.IsNullOrEmpty(context.TraceIdentifier) ? "unknown" : context.TraceIdentifier);
    }

    /// <summary>The application's mapping; one that throws is counted and the built-in sources are used (never thrown into the request).</summary>
    private LambdaInvocation? Map(HttpContext context)
    {
        if (_mapping is null)
        {
            return null;
        }

        try
        {
            return _mapping(context);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            _diagnostics?.ReportMappingFailed();
            return null;
        }
    }

    /// <summary>Reads Lambda Web Adapter's context header; null when it is not the runtime's context (no request id).</summary>
    internal LambdaInvocation? FromLambdaContextHeader(string? json)
    {
        if (string.IsNullOrEmpty(json) || json.Length > MaxContextHeaderLength)
        {
            return null;
        }

        string? requestId = null, arn = null, trace = null;
        long? deadline = null;
        try
        {
            var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(json));
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return null;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var name = reader.GetString();
                reader.Read();
                switch (name)
                {
                    case "request_id" when reader.TokenType == JsonTokenType.String:
                        requestId = reader.GetString();
                        break;
                    case "invoked_function_arn" when reader.TokenType == JsonTokenType.String:
                        arn = reader.GetString();
                        break;
                    case "xray_trace_id" when reader.TokenType == JsonTokenType.String:
                        trace = reader.GetString();
                        break;

                    // lambda_runtime's Context names it "deadline"; the adapter's documentation says "deadline_ms".
                    case "deadline" or "deadline_ms" when reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var ms):
                        deadline = ms;
                        break;
                    default:
                        reader.Skip();
                        break;
                }
            }
        }
        catch (JsonException)
        {
            return null;
        }

        if (string.IsNullOrEmpty(requestId))
        {
            return null;
        }

        TimeSpan? remaining = null;
        if (deadline is { } epochMs && epochMs > 0)
        {
            var left = DateTimeOffset.FromUnixTimeMilliseconds(epochMs) - _time.GetUtcNow();
            remaining = left > TimeSpan.Zero ? left : TimeSpan.Zero;
        }

        return new LambdaInvocation(requestId, arn) { TraceHeader = trace, RemainingTime = remaining };
    }
}
