using Microsoft.Extensions.DependencyInjection;

namespace MatCarv.Observability.Hosting;

/// <summary>Returned by <c>AddMatCarvObservability</c>; each signal adds a <c>With…</c> extension to configure itself.</summary>
public sealed class MatCarvObservabilityBuilder
{
    internal MatCarvObservabilityBuilder(IServiceCollection services) => Services = services;

    /// <summary>The service collection being configured.</summary>
    public IServiceCollection Services { get; }
}
