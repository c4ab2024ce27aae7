using MatCarv.Observability;
using MatCarv.Observability.Hosting;
using Microsoft.Extensions.DependencyInjection;

// The extension lives in the hosting namespace, next to the builder it extends (Host.CreateApplicationBuilder, WebApplication.CreateBuilder).
#pragma warning disable IDE0130
namespace Microsoft.Extensions.Hosting;
#pragma warning restore IDE0130

/// <summary>Registers MatCarv observability in a host application builder, configured from its configuration.</summary>
public static class ObservabilityHostApplicationBuilderExtensions
{
    /// <summary>
    /// Adds every signal of MatCarv.Observability to the host's services, configured from the <c>MatCarv</c> section of the
    /// host's configuration (<c>appsettings.json</c>, <c>appsettings.{Environment}.json</c>, <c>MatCarv__…</c> environment
    /// variables, in the host's order). Same as <c>builder.Services.AddMatCarvObservability(builder.Configuration, configure)</c>.
    /// </summary>
    /// <param name="builder">The host application builder.</param>
    /// <param name="configure">Shared settings set in code (they win over configuration).</param>
    /// <returns>A builder for per-signal configuration.</returns>
    public static MatCarvObservabilityBuilder AddMatCarvObservability(this IHostApplicationBuilder builder, Action<MatCarvObservabilityOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.Services.AddMatCarvObservability(builder.Configuration, configure);
    }
}
