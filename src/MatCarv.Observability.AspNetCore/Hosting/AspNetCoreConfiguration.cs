using Microsoft.Extensions.Configuration;

namespace MatCarv.Observability.AspNetCore.Hosting;

/// <summary>
/// Binds <c>MatCarv:AspNetCore</c> into <see cref="MatCarvAspNetCoreOptions"/> with the binding source generator (no
/// reflection: Native AOT stays warning-free). A key that is not a setting fails start-up.
/// </summary>
internal static class AspNetCoreConfiguration
{
    public const string SectionKey = "AspNetCore";

    // Invocation is a delegate set in code: the generator skips it (SYSLIB1100/1101, off in the project file).
    public static void Bind(IConfiguration section, MatCarvAspNetCoreOptions options) => section.Bind(options, Strict);

    private static void Strict(BinderOptions options) => options.ErrorOnUnknownConfiguration = true;
}
