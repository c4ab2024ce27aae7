using MatCarv.Observability.Logging;
using MatCarv.Observability.Metrics;
using MatCarv.Observability.Tracing;
using Microsoft.Extensions.Configuration;

namespace MatCarv.Observability.Hosting.Configuration;

/// <summary>
/// Binds the built-in signals' subsections (<c>MatCarv:Logging</c>, <c>MatCarv:Metrics</c>, <c>MatCarv:Tracing</c>) into
/// their options. Each <c>Bind</c> call is replaced at build time by the binding source generator
/// (<c>EnableConfigurationBindingGenerator</c>): no reflection, so Native AOT publishes without warnings. A key that is not a
/// setting fails (<see cref="BinderOptions.ErrorOnUnknownConfiguration"/>).
/// </summary>
internal static class SignalConfiguration
{
    public const string Logging = "Logging";
    public const string Metrics = "Metrics";
    public const string Tracing = "Tracing";

    // TypeInfoResolver is an object set in code: the generator skips it (SYSLIB1100/1101, off in the project file).
    public static void BindLogging(IConfiguration section, MatCarvLoggerOptions options) => section.Bind(options, Strict);

    public static void BindMetrics(IConfiguration section, MatCarvMetricsOptions options) => section.Bind(options, Strict);

    public static void BindTracing(IConfiguration section, MatCarvTracingOptions options) => section.Bind(options, Strict);

    private static void Strict(BinderOptions options) => options.ErrorOnUnknownConfiguration = true;
}
