using Microsoft.Extensions.DependencyInjection;

namespace MatCarv.Observability.Metrics;

/// <summary>Resolves the metrics settings at start-up so that a configuration error fails there, naming the setting.</summary>
internal sealed class MetricsStartupValidation : IStartupValidation
{
    private readonly IServiceProvider _services;

    public MetricsStartupValidation(IServiceProvider services) => _services = services;

    public void Validate() => _ = _services.GetRequiredService<MetricsSettings>();
}
