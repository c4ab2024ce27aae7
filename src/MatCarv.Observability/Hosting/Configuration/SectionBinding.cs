using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace MatCarv.Observability.Hosting.Configuration;

/// <summary>
/// Binds one configuration section into an options object. Registered ahead of every <c>Configure</c> action, so code wins
/// over configuration whatever the order of the calls. A value the binder cannot convert or a key no setting has throws at
/// start-up, when the options are first resolved, naming the section.
/// </summary>
internal sealed class SectionBinding<TOptions> : IConfigureOptions<TOptions>
    where TOptions : class
{
    private readonly IConfigurationSection _section;
    private readonly Action<IConfiguration, TOptions> _bind;

    public SectionBinding(IConfigurationSection section, Action<IConfiguration, TOptions> bind)
    {
        _section = section;
        _bind = bind;
    }

    public void Configure(TOptions options)
    {
        try
        {
            _bind(_section, options);
        }
        catch (InvalidOperationException ex)
        {
            // The generated binder names the key for a conversion failure but only the type for an unknown key.
            throw new InvalidOperationException($"Configuration section '{_section.Path}' is invalid: {ex.Message}", ex);
        }
    }
}
