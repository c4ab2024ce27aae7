using Microsoft.Extensions.Options;

namespace MatCarv.Observability.Tracing;

/// <summary>
/// Fails start-up on a bad tracing setting (daemon address, sampling rules, queue size) with a message naming the setting and
/// the fix: through options validation under a host (<c>ValidateOnStart</c>) and <see cref="IStartupValidation"/> in Lambda.
/// </summary>
internal sealed class TracingOptionsValidation : IValidateOptions<MatCarvTracingOptions>, IStartupValidation
{
    private readonly TelemetryRuntime _runtime;
    private readonly IServiceProvider _services;

    public TracingOptionsValidation(TelemetryRuntime runtime, IServiceProvider services)
    {
        _runtime = runtime;
        _services = services;
    }

    public ValidateOptionsResult Validate(string? name, MatCarvTracingOptions options)
    {
        var errors = TracingSettings.Validate(options, _runtime, out _, out _, out _);
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    public void Validate()
    {
        // Resolving the options runs Validate above and throws OptionsValidationException on an error.
        var options = (IOptions<MatCarvTracingOptions>?)_services.GetService(typeof(IOptions<MatCarvTracingOptions>));
        _ = options?.Value;
    }
}
