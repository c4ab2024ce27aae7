using MatCarv.HealthEvents.Publishing;
using MatCarv.Observability;

namespace MatCarv.HealthEvents.Hosting;

/// <summary>Fails <c>MatCarvLambda.Create</c> on a bad health-events setting: building <see cref="HealthEventsSettings"/> validates them.</summary>
internal sealed class HealthEventsStartupValidation : IStartupValidation
{
    private readonly IServiceProvider _services;

    public HealthEventsStartupValidation(IServiceProvider services) => _services = services;

    public void Validate() => _ = (HealthEventsSettings?)_services.GetService(typeof(HealthEventsSettings));
}
