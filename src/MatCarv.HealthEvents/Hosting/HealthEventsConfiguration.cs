using Microsoft.Extensions.Configuration;

namespace MatCarv.HealthEvents.Hosting;

/// <summary>
/// Binds <c>MatCarv:HealthEvents</c> into <see cref="HealthEventsOptions"/> with the binding source generator (no reflection:
/// Native AOT stays warning-free). A key that is not a setting fails start-up.
/// </summary>
internal static class HealthEventsConfiguration
{
    public const string SectionKey = "HealthEvents";

    // Credentials is an object set in code: the generator skips it (SYSLIB1100/1101, off in the project file).
    public static void Bind(IConfiguration section, HealthEventsOptions options) => section.Bind(options, Strict);

    private static void Strict(BinderOptions options) => options.ErrorOnUnknownConfiguration = true;
}
