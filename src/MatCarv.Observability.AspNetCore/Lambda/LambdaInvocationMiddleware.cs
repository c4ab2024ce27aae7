using System.Diagnostics;
using MatCarv.Observability.AspNetCore.Http;
using Microsoft.AspNetCore.Http;

namespace MatCarv.Observability.AspNetCore.Lambda;

/// <summary>
/// The first middleware of the pipeline when requests are Lambda invocations: each request runs inside an invocation scope
/// (<see cref="MatCarvTelemetry.BeginInvocation"/>: request id, cold start, trace header, correlation id, log buffer,
/// the handler's subsegment) and every signal is flushed when the rest of the pipeline has produced the response, before
/// the server completes it — Lambda may freeze the process as soon as the response is complete.
/// </summary>
internal sealed class LambdaInvocationMiddleware
{
    private readonly MatCarvTelemetry _telemetry;
    private readonly LambdaRequestFacts _facts;
    private readonly HttpServerSpanTagger? _tagger;

    public LambdaInvocationMiddleware(MatCarvTelemetry telemetry, LambdaRequestFacts facts, HttpServerSpanTagger? tagger)
    {
        _telemetry = telemetry;
        _facts = facts;
        _tagger = tagger;
    }

    public RequestDelegate Wrap(RequestDelegate next) => context => InvokeAsync(context, next);

    private async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        var before = Activity.Current;
        var invocation = _facts.Resolve(context, out _);
        var scope = _telemetry.BeginInvocation(invocation);

        // With tracing on, the invocation's subsegment is now current: it is the request's subsegment in X-Ray.
        var span = Activity.Current is { } current && !ReferenceEquals(current, before) ? current : null;
        int? failedStatus = null;
        try
        {
            await next(context).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            // The server turns it into a 500 after this middleware; the invocation ends with the error (buffered debug
            // lines are written, the subsegment is a fault).
            scope.SetError(ex);
            failedStatus = StatusCodes.Status500InternalServerError;
            throw;
        }
        finally
        {
            if (span is not null)
            {
                _tagger?.Tag(context, span, failedStatus ?? context.Response.StatusCode);
            }

            await scope.DisposeAsync().ConfigureAwait(false);
        }
    }
}
