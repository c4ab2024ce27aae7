using Microsoft.Extensions.Options;

namespace MatCarv.Observability.Hosting;

/// <summary>
/// The rules for <see cref="MatCarvObservabilityOptions"/>: registered as options validation in a host, checked directly by
/// the container-less <c>MatCarvLambda.Create</c>; either way a bad setting fails start-up with an
/// <see cref="OptionsValidationException"/> naming it.
/// </summary>
internal static class CoreOptionsValidation
{
    public static readonly (Func<MatCarvObservabilityOptions, bool> Rule, string Message)[] Rules =
    [
        (static o => o.OutputFlushInterval > TimeSpan.Zero, "MatCarv:OutputFlushInterval (MatCarvObservabilityOptions.OutputFlushInterval) must be positive."),
        (static o => o.MaxBufferedOutputBytes >= 64 * 1024, "MatCarv:MaxBufferedOutputBytes (MatCarvObservabilityOptions.MaxBufferedOutputBytes) must be at least 65536."),
        (static o => o.ShutdownFlushTimeout > TimeSpan.Zero, "MatCarv:ShutdownFlushTimeout (MatCarvObservabilityOptions.ShutdownFlushTimeout) must be positive."),
    ];

    /// <summary>Throws what the options machinery would throw: every failed rule, in order.</summary>
    public static void ThrowIfInvalid(MatCarvObservabilityOptions options)
    {
        List<string>? failures = null;
        foreach (var (rule, message) in Rules)
        {
            if (!rule(options))
            {
                (failures ??= []).Add(message);
            }
        }

        if (failures is not null)
        {
            throw new OptionsValidationException(Options.DefaultName, typeof(MatCarvObservabilityOptions), failures);
        }
    }
}
