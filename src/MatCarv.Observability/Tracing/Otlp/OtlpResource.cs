using System.Reflection;
using MatCarv.Observability.Context;
using E = MatCarv.Observability.Tracing.Otlp.OtlpEnvironmentVariables;

namespace MatCarv.Observability.Tracing.Otlp;

/// <summary>
/// The OTLP resource of this process, built once: OpenTelemetry semantic conventions (service, deployment, telemetry.sdk,
/// cloud, faas, host, aws.log) and what CloudWatch Application Signals reads (<c>service.name</c>, <c>deployment.environment</c>,
/// <c>aws.log.group.names</c> for trace-to-log correlation). Precedence for <c>service.name</c>: the configured service
/// (<c>ServiceName</c>, <c>POWERTOOLS_SERVICE_NAME</c>), then <c>OTEL_SERVICE_NAME</c>, then <c>service.name</c> in
/// <c>OTEL_RESOURCE_ATTRIBUTES</c>, then <c>unknown_service:dotnet</c> (the specification's default). Other
/// <c>OTEL_RESOURCE_ATTRIBUTES</c> entries win over detected values (the user set them on purpose).
/// </summary>
internal static class OtlpResource
{
    private static readonly string SdkVersion =
        typeof(OtlpResource).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0";

    public static List<KeyValuePair<string, object>> Build(TelemetryRuntime runtime, IReadOnlyList<string> logGroupNames)
    {
        var env = runtime.Environment;
        var identity = runtime.Identity;
        var execution = runtime.Execution;
        var fromEnvironment = new List<KeyValuePair<string, string>>();
        if (env.Get(E.ResourceAttributes) is { } text)
        {
            // Malformed entries are skipped rather than fatal: the variable is shared with other OpenTelemetry SDKs.
            OtlpSettings.TryParseHeaders(text, fromEnvironment);
        }

        var attributes = new Dictionary<string, object>(StringComparer.Ordinal);
        void Set(string key, object? value)
        {
            if (value is not null and not "")
            {
                attributes[key] = value;
            }
        }

        Set("telemetry.sdk.name", "matcarv");
        Set("telemetry.sdk.language", "dotnet");
        Set("telemetry.sdk.version", SdkVersion);
        Set("service.version", identity.Version);

        // Application Signals reads deployment.environment; semantic conventions 1.27+ name it deployment.environment.name.
        Set("deployment.environment", identity.Environment);
        Set("deployment.environment.name", identity.Environment);
        Set("cloud.provider", execution.Kind is ExecutionEnvironmentKind.Local ? null : "aws");
        Set("cloud.platform", execution.Kind switch
        {
            ExecutionEnvironmentKind.Lambda => "aws_lambda",
            ExecutionEnvironmentKind.Ecs => "aws_ecs",
            ExecutionEnvironmentKind.Eks => "aws_eks",
            ExecutionEnvironmentKind.Ec2 => "aws_ec2",
            _ => null,
        });
        Set("cloud.region", identity.Region);
        if (execution.IsLambda)
        {
            Set("faas.name", execution.FunctionName);
            Set("faas.version", execution.FunctionVersion);
            Set("faas.instance", execution.LogStreamName);
            Set("faas.max_memory", execution.FunctionMemorySize is { } mb ? mb * 1024L * 1024L : null);
            Set("aws.log.stream.names", execution.LogStreamName is { } stream ? new[] { stream } : null);
        }
        else
        {
            Set("host.name", env.Get(EnvironmentVariables.Hostname));
        }

        Set("aws.log.group.names", logGroupNames.Count > 0 ? logGroupNames.ToArray() : null);

        foreach (var (key, value) in fromEnvironment)
        {
            // ADOT's convention: several log groups in one value, separated by '&'.
            attributes[key] = key == "aws.log.group.names" ? value.Split('&', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) : value;
        }

        attributes["service.name"] = identity.IsDefined
            ? identity.Name
            : env.Get(E.ServiceName) ?? (attributes.TryGetValue("service.name", out var named) ? named : "unknown_service:dotnet");
        return [.. attributes.OrderBy(a => a.Key, StringComparer.Ordinal)];
    }
}
