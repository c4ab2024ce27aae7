using MatCarv.Observability.Tracing;
using Microsoft.Extensions.Options;

namespace MatCarv.Observability.AspNetCore.Lambda;

/// <summary>
/// When requests are invocations, the invocation's subsegment (parented to the function's facade by the invocation's trace
/// header, tagged with the request's HTTP facts) is the request in X-Ray; ASP.NET Core's own request activity continues the
/// caller's header instead (API Gateway's segment) and would be a second, misplaced copy, so it is not traced.
/// </summary>
internal sealed class LambdaTracingOptionsSetup : IPostConfigureOptions<MatCarvTracingOptions>
{
    private readonly LambdaRequestsSignal _requests;

    // The signal depends only on the telemetry's shared context (runtime and ASP.NET Core options), never on tracing options.
    public LambdaTracingOptionsSetup(LambdaRequestsSignal requests) => _requests = requests;

    public void PostConfigure(string? name, MatCarvTracingOptions options)
    {
        if (_requests.RequestsAreInvocations)
        {
            options.TraceAspNetCore = false;
        }
    }
}
