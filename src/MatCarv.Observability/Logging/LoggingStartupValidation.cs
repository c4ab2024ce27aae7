namespace MatCarv.Observability.Logging;

/// <summary>Resolves the logger settings at start-up, so a bad level, casing or sampling rate fails there, naming the setting.</summary>
internal sealed class LoggingStartupValidation : IStartupValidation
{
    private readonly IServiceProvider _services;

    public LoggingStartupValidation(IServiceProvider services) => _services = services;

    public void Validate() => _ = (LoggingPipeline?)_services.GetService(typeof(LoggingPipeline));
}
