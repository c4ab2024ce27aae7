using MatCarv.Observability.Extensibility;

namespace MatCarv.Observability.AspNetCore.Lambda;

/// <summary>
/// The ASP.NET Core integration's part in the telemetry's lifecycle (the public <see cref="TelemetrySignal"/> contract):
/// it decides once whether requests are Lambda invocations — <see cref="MatCarvAspNetCoreOptions.RequestsAreInvocations"/>,
/// else whether the SDK detected Lambda (<c>AWS_LAMBDA_FUNCTION_NAME</c>/<c>LAMBDA_TASK_ROOT</c>, or a forced
/// <c>MatCarvObservabilityOptions.ExecutionEnvironment</c>), the same detection every other signal uses — and reports what goes
/// wrong with a request's invocation facts through the SDK's own diagnostics. It holds nothing to flush.
/// </summary>
internal sealed class LambdaRequestsSignal : TelemetrySignal
{
    /// <summary>The <c>signal</c> of the drops counted here (with core's own invocation drops).</summary>
    internal const string Signal = "invocation";

    /// <summary>The application's <see cref="MatCarvAspNetCoreOptions.Invocation"/> threw: the built-in sources were used.</summary>
    internal const string MappingFailed = "mapping_failed";

    private readonly TelemetrySignalContext _context;
    private int _unmappedAnnounced;

    public LambdaRequestsSignal(TelemetrySignalContext context)
    {
        _context = context;
        var options = context.GetOptions<MatCarvAspNetCoreOptions>();
        RequestsAreInvocations = options.RequestsAreInvocations ?? context.Execution.IsLambda;
        Invocation = options.Invocation;
    }

    public override string Name => "aspnetcore";

    /// <summary>Whether each request runs as a Lambda invocation.</summary>
    public bool RequestsAreInvocations { get; }

    /// <summary>The application's mapping of a request to its invocation's facts, if any.</summary>
    public Func<Microsoft.AspNetCore.Http.HttpContext, MatCarv.Observability.Lambda.LambdaInvocation?>? Invocation { get; }

    /// <summary>The clock of the telemetry (deadlines in Lambda Web Adapter's header are wall-clock epoch milliseconds).</summary>
    public TimeProvider TimeProvider => _context.TimeProvider;

    /// <summary>Counts a mapping that threw (announced at most once a minute by the SDK's drop reporting).</summary>
    public void ReportMappingFailed() => _context.ReportDrop(Signal, MappingFailed);

    /// <summary>
    /// Says once that Amazon.Lambda.AspNetCoreServer's <c>ILambdaContext</c> is on the requests but nothing maps it, so the
    /// lines carry ASP.NET Core's request identifier (which that package sets to the trace header) instead of Lambda's
    /// request id.
    /// </summary>
    public void AnnounceUnmappedLambdaContext()
    {
        if (Interlocked.Exchange(ref _unmappedAnnounced, 1) == 0)
        {
            _context.ReportWarning(
                "Amazon.Lambda.AspNetCoreServer passes each request's ILambdaContext in HttpContext.Items[\"LambdaContext\"], but "
                + "MatCarvAspNetCoreOptions.Invocation does not map it: function_request_id is ASP.NET Core's request identifier, not "
                + "Lambda's request id. Map it in one line (WithAspNetCore(o => o.Invocation = …), see docs/aspnetcore.md).",
                Signal,
                "lambda_context_unmapped");
        }
    }
}
