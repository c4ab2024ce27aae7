using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace MatCarv.Observability.Metrics;

/// <summary>
/// Resolves the metrics settings at start-up so that a configuration error fails there, naming the setting; and says once
/// when Lambda's log-level filtering will discard the EMF documents written to stdout.
/// </summary>
internal sealed class MetricsStartupValidation : IStartupValidation
{
    private readonly IServiceProvider _services;

    public MetricsStartupValidation(IServiceProvider services) => _services = services;

    public void Validate() => WarnIfLambdaDropsEmf(_services.GetRequiredService<MetricsSettings>(), _services.GetRequiredService<TelemetryRuntime>());

    /// <summary>The start-up check itself, shared with the container-less <c>MatCarvLambda</c>.</summary>
    public static void WarnIfLambdaDropsEmf(MetricsSettings settings, TelemetryRuntime runtime)
    {
        // An EMF document has no "level" key, so Lambda files it as INFO ("Log-level filtering": a missing level is INFO)
        // and drops it when AWS_LAMBDA_LOG_LEVEL is WARN or above: no metric would reach CloudWatch. Every EMF library
        // shares this; a level key in the document would not help (its value would have to lie about the line).
        if (settings.Enabled && !settings.UseAgent && runtime.LambdaLog.Level > LogLevel.Information)
        {
            runtime.Diagnostics.Warn(
                $"AWS_LAMBDA_LOG_LEVEL={runtime.LambdaLog.RawLevel} makes Lambda discard INFO lines, and Lambda files EMF documents (which have no level key) as INFO: "
                + "the metrics written to stdout will not reach CloudWatch. Use an application log level of INFO or lower to keep EMF metrics.",
                "metrics",
                "lambda_log_level");
        }
    }
}
