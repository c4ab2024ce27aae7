using MatCarv.Observability.Extensibility;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace MatCarv.Observability.Hosting;

/// <summary>Signal options in a host: the container's <c>IOptions&lt;T&gt;</c> (configuration, <c>Configure</c> actions, validation).</summary>
internal sealed class ContainerOptionsSource : ISignalOptionsSource
{
    private readonly IServiceProvider _services;

    public ContainerOptionsSource(IServiceProvider services) => _services = services;

    public TOptions Get<TOptions>()
        where TOptions : class, new() => _services.GetRequiredService<IOptions<TOptions>>().Value;
}
