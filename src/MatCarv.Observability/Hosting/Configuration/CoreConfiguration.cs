using MatCarv.Observability.Context;
using Microsoft.Extensions.Configuration;

namespace MatCarv.Observability.Hosting.Configuration;

/// <summary>
/// Binds the shared settings at the root of the <c>MatCarv</c> section. Only the settings that are data are read:
/// <see cref="MatCarvObservabilityOptions.Output"/>, <see cref="MatCarvObservabilityOptions.TimeProvider"/> and
/// <see cref="MatCarvObservabilityOptions.EnvironmentVariables"/> are objects or test hooks and stay code-only (binding the
/// last one would silently replace the process environment). Each typed read is a <c>GetValue</c> call that the binding
/// source generator replaces with reflection-free code.
/// </summary>
internal static class CoreConfiguration
{
    private static readonly string[] Keys =
    [
        nameof(MatCarvObservabilityOptions.ServiceName),
        nameof(MatCarvObservabilityOptions.ServiceNamespace),
        nameof(MatCarvObservabilityOptions.Environment),
        nameof(MatCarvObservabilityOptions.ServiceVersion),
        nameof(MatCarvObservabilityOptions.Region),
        nameof(MatCarvObservabilityOptions.ExecutionEnvironment),
        nameof(MatCarvObservabilityOptions.OutputFlushInterval),
        nameof(MatCarvObservabilityOptions.MaxBufferedOutputBytes),
        nameof(MatCarvObservabilityOptions.ShutdownFlushTimeout),
        nameof(MatCarvObservabilityOptions.LambdaFlushMargin),
        nameof(MatCarvObservabilityOptions.LambdaFlushTimeout),
    ];

    public static void Bind(IConfiguration section, MatCarvObservabilityOptions options, MatCarvConfigurationSource source)
    {
        RejectUnknownKeys(section, source);
        options.ServiceName = section[nameof(options.ServiceName)] ?? options.ServiceName;
        options.ServiceNamespace = section[nameof(options.ServiceNamespace)] ?? options.ServiceNamespace;
        options.Environment = section[nameof(options.Environment)] ?? options.Environment;
        options.ServiceVersion = section[nameof(options.ServiceVersion)] ?? options.ServiceVersion;
        options.Region = section[nameof(options.Region)] ?? options.Region;
        options.ExecutionEnvironment = ReadKind(section.GetSection(nameof(options.ExecutionEnvironment))) ?? options.ExecutionEnvironment;
        options.OutputFlushInterval = section.GetValue<TimeSpan?>(nameof(options.OutputFlushInterval)) ?? options.OutputFlushInterval;
        options.MaxBufferedOutputBytes = section.GetValue<int?>(nameof(options.MaxBufferedOutputBytes)) ?? options.MaxBufferedOutputBytes;
        options.ShutdownFlushTimeout = section.GetValue<TimeSpan?>(nameof(options.ShutdownFlushTimeout)) ?? options.ShutdownFlushTimeout;
        options.LambdaFlushMargin = section.GetValue<TimeSpan?>(nameof(options.LambdaFlushMargin)) ?? options.LambdaFlushMargin;
        options.LambdaFlushTimeout = section.GetValue<TimeSpan?>(nameof(options.LambdaFlushTimeout)) ?? options.LambdaFlushTimeout;
    }

    // Parsed here rather than with GetValue: the net8.0 generator (Binder 8.0.2) leaves GetValue of a nullable enum to the
    // reflection binder (IL2066 under the trim analyzer).
    private static ExecutionEnvironmentKind? ReadKind(IConfigurationSection key)
    {
        if (key.Value is not { } text)
        {
            return null;
        }

        if (Enum.TryParse<ExecutionEnvironmentKind>(text, ignoreCase: true, out var kind) && Enum.IsDefined(kind))
        {
            return kind;
        }

        throw new InvalidOperationException(
            $"Failed to convert configuration value '{text}' at '{key.Path}' to type '{nameof(ExecutionEnvironmentKind)}': use one of {string.Join(", ", Enum.GetNames<ExecutionEnvironmentKind>())}.");
    }

    private static void RejectUnknownKeys(IConfiguration section, MatCarvConfigurationSource source)
    {
        List<string>? unknown = null;
        foreach (var child in section.GetChildren())
        {
            if (!Keys.Contains(child.Key, StringComparer.OrdinalIgnoreCase) && !source.IsClaimed(child.Key))
            {
                (unknown ??= []).Add(child.Key);
            }
        }

        if (unknown is not null)
        {
            throw new InvalidOperationException(
                $"'{string.Join("', '", unknown)}' is not a MatCarv setting. The root of the section holds {string.Join(", ", Keys)} "
                + $"and the subsections {source.ClaimedList()} (a signal package's subsection is read once its With… method is called).");
        }
    }
}
