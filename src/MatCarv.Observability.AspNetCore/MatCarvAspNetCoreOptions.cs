using MatCarv.Observability.Lambda;
using Microsoft.AspNetCore.Http;

namespace MatCarv.Observability.AspNetCore;

/// <summary>Settings of the ASP.NET Core integration (<c>WithAspNetCore</c>).</summary>
public sealed class MatCarvAspNetCoreOptions
{
    /// <summary>
    /// Tags each request's activity with the OpenTelemetry HTTP semantic conventions when the request ends (method, route,
    /// URL, status, client address…), so X-Ray request segments get their <c>http</c> block. ASP.NET Core tags its
    /// activities itself only from .NET 11; when it (or OpenTelemetry's instrumentation) already did, nothing is changed.
    /// Default true.
    /// </summary>
    public bool TagRequestActivities { get; set; } = true;

    /// <summary>
    /// Query-string parameters whose values are written as <c>REDACTED</c> in <c>url.query</c>, in addition to the ones the
    /// semantic conventions name (<c>AWSAccessKeyId</c>, <c>Signature</c>, <c>sig</c>, <c>X-Goog-Signature</c>) and any
    /// whose name contains token, password, secret, signature, credential or api key (ignoring case and separators).
    /// </summary>
    public ICollection<string> RedactedQueryParameters { get; } = new List<string>();

    /// <summary>
    /// Whether each request is a Lambda invocation (its own scope, cold start, trace header and log buffer, and a flush of
    /// every signal before the response completes). Default (null): when the process runs in Lambda
    /// (<c>AWS_LAMBDA_FUNCTION_NAME</c> or <c>LAMBDA_TASK_ROOT</c>, or <c>MatCarvObservabilityOptions.ExecutionEnvironment</c>).
    /// </summary>
    public bool? RequestsAreInvocations { get; set; }

    /// <summary>
    /// Maps a request to its invocation's facts, before the built-in sources (Lambda Web Adapter's <c>x-amzn-lambda-context</c>
    /// header, Lambda Web Functions' <c>lambda-web-request-id</c>). With Amazon.Lambda.AspNetCoreServer, map its
    /// <c>ILambdaContext</c> as a function would:
    /// <code>o.Invocation = http => http.Items["LambdaContext"] is ILambdaContext c
    ///     ? new LambdaInvocation(c.AwsRequestId, c.InvokedFunctionArn) { RemainingTime = c.RemainingTime, TraceHeader = c.TraceId }
    ///     : null;</code>
    /// Return null to fall back to the built-in sources.
    /// </summary>
    public Func<HttpContext, LambdaInvocation?>? Invocation { get; set; }
}
