using MatCarv.Observability.Context;

namespace MatCarv.Observability.AspNetCore.Lambda;

/// <summary>
/// Whether requests are Lambda invocations: <see cref="MatCarvAspNetCoreOptions.RequestsAreInvocations"/>, else whether the
/// process runs in Lambda by the SDK's documented rule (<c>MatCarvObservabilityOptions.ExecutionEnvironment</c> when forced,
/// else <c>AWS_LAMBDA_FUNCTION_NAME</c> or <c>LAMBDA_TASK_ROOT</c> set), read from the same public options the SDK reads.
/// Decided once, before the first request.
/// </summary>
internal static class LambdaHostDetection
{
    public static bool RequestsAreInvocations(MatCarvAspNetCoreOptions options, MatCarvObservabilityOptions observability)
    {
        if (options.RequestsAreInvocations is { } explicitChoice)
        {
            return explicitChoice;
        }

        if (observability.ExecutionEnvironment is { } forced)
        {
            return forced == ExecutionEnvironmentKind.Lambda;
        }

        return IsSet(observability, "AWS_LAMBDA_FUNCTION_NAME") || IsSet(observability, "LAMBDA_TASK_ROOT");
    }

    private static bool IsSet(MatCarvObservabilityOptions observability, string name)
    {
        var value = observability.EnvironmentVariables is { } overrides
            ? (overrides.TryGetValue(name, out var v) ? v : null)
            : Environment.GetEnvironmentVariable(name);
        return !string.IsNullOrWhiteSpace(value);
    }
}
