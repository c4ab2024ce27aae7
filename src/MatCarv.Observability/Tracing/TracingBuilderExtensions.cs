using MatCarv.Observability.Hosting;
using MatCarv.Observability.Tracing;

// The extension lives in the DI namespace, next to AddMatCarvObservability, where users look for it.
#pragma warning disable IDE0130
namespace Microsoft.Extensions.DependencyInjection;
#pragma warning restore IDE0130

/// <summary>Configures the X-Ray tracing signal.</summary>
public static class TracingBuilderExtensions
{
    /// <summary>
    /// Configures X-Ray tracing of <c>Activity</c>: which sources are exported, the daemon address, sampling, propagation
    /// and capture settings. Tracing is on by default; this only changes its settings.
    /// </summary>
    /// <param name="builder">The observability builder.</param>
    /// <param name="configure">Changes to the tracing settings.</param>
    /// <returns>The builder.</returns>
    public static MatCarvObservabilityBuilder WithTracing(this MatCarvObservabilityBuilder builder, Action<MatCarvTracingOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        if (configure is not null)
        {
            builder.Configure(configure);
        }

        return builder;
    }
}
