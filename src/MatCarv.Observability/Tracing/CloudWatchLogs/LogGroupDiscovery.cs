using System.Text.Json;
using MatCarv.Observability.Context;
using MatCarv.Observability.Tracing.Otlp;

namespace MatCarv.Observability.Tracing.CloudWatchLogs;

/// <summary>
/// The CloudWatch Logs log groups of this process, for X-Ray segments' <c>aws.cloudwatch_logs</c> (the console's jump from a
/// trace to its logs) and the OTLP resource's <c>aws.log.group.names</c> (Application Signals). Sources, in order:
/// <list type="bullet">
/// <item>Lambda: <c>AWS_LAMBDA_LOG_GROUP_NAME</c>.</item>
/// <item><c>OTEL_RESOURCE_ATTRIBUTES</c>' <c>aws.log.group.names</c> (several separated by <c>&amp;</c>) and <c>aws.log.group.arns</c>,
/// the variables the Application Signals set-up documents for ECS, EKS and EC2.</item>
/// <item>ECS: the container's <c>awslogs</c> options from the task metadata endpoint v4, read once on a background task with a
/// 2-second timeout (never on a caller's thread); until it answers, and if it never does, the groups above are used.</item>
/// </list>
/// </summary>
internal sealed class LogGroupDiscovery
{
    public static readonly TimeSpan MetadataTimeout = TimeSpan.FromSeconds(2);

    private readonly TelemetryRuntime _runtime;
    private IReadOnlyList<LogGroup> _current;
    private int _started;

    public LogGroupDiscovery(TelemetryRuntime runtime)
    {
        _runtime = runtime;
        _current = FromEnvironment(runtime);
    }

    /// <summary>Raised (on the background task) when the metadata read changed <see cref="Current"/>.</summary>
    public event Action? Changed;

    /// <summary>The groups known now (never blocks).</summary>
    public IReadOnlyList<LogGroup> Current => Volatile.Read(ref _current);

    /// <summary>Starts the ECS metadata read once, in the background; a no-op elsewhere or when the environment already named a group.</summary>
    public void Start()
    {
        var uri = _runtime.Execution.ContainerMetadataUri;
        if (_runtime.Execution.Kind != ExecutionEnvironmentKind.Ecs || uri is null || Current.Count > 0 || Interlocked.Exchange(ref _started, 1) == 1)
        {
            return;
        }

        _ = Task.Run(() => ReadEcsMetadataAsync(uri));
    }

    /// <summary>The groups the environment variables give.</summary>
    public static IReadOnlyList<LogGroup> FromEnvironment(TelemetryRuntime runtime)
    {
        var execution = runtime.Execution;
        if (execution.IsLambda)
        {
            return execution.LogGroupName is { } lambdaGroup ? [new LogGroup(lambdaGroup, null)] : [];
        }

        var attributes = new List<KeyValuePair<string, string>>();
        if (runtime.Environment.Get(OtlpEnvironmentVariables.ResourceAttributes) is { } text)
        {
            OtlpSettings.TryParseHeaders(text, attributes);
        }

        string[] Values(string key) => attributes.Where(a => a.Key == key)
            .SelectMany(a => a.Value.Split('&', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToArray();

        var names = Values("aws.log.group.names");
        var arns = Values("aws.log.group.arns");
        var groups = new List<LogGroup>(names.Length);
        foreach (var name in names)
        {
            // An ARN belongs to a name when it ends with ":log-group:<name>" (optionally ":*").
            var arn = arns.FirstOrDefault(a => a.EndsWith(":log-group:" + name, StringComparison.Ordinal) || a.EndsWith(":log-group:" + name + ":*", StringComparison.Ordinal));
            groups.Add(new LogGroup(name, arn));
        }

        return groups;
    }

    /// <summary>Reads <c>LogOptions</c> of an <c>awslogs</c> container from the ECS container metadata (v4) document.</summary>
    public static LogGroup? ParseEcsContainerMetadata(string json)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object
            || !root.TryGetProperty("LogDriver", out var driver) || driver.GetString() != "awslogs"
            || !root.TryGetProperty("LogOptions", out var options) || options.ValueKind != JsonValueKind.Object
            || !options.TryGetProperty("awslogs-group", out var groupElement) || groupElement.GetString() is not { Length: > 0 } group)
        {
            return null;
        }

        string? arn = null;
        var region = options.TryGetProperty("awslogs-region", out var r) ? r.GetString() : null;
        if (region is not null && root.TryGetProperty("ContainerARN", out var containerArn) && containerArn.GetString() is { } text)
        {
            // arn:<partition>:ecs:<region>:<account>:container/…
            var parts = text.Split(':');
            if (parts.Length > 5 && parts[4].Length > 0)
            {
                arn = LogGroup.FormatArn(parts[1], region, parts[4], group);
            }
        }

        return new LogGroup(group, arn);
    }

    private async Task ReadEcsMetadataAsync(string uri)
    {
        using var suppression = Sampling.SelfTracingSuppression.Enter();
        try
        {
            using var client = new HttpClient { Timeout = MetadataTimeout };
            var json = await client.GetStringAsync(new Uri(uri)).ConfigureAwait(false);
            if (ParseEcsContainerMetadata(json) is { } group)
            {
                Volatile.Write(ref _current, [group]);
                Changed?.Invoke();
            }
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or JsonException or UriFormatException or InvalidOperationException)
        {
            _runtime.Diagnostics.Warn("The ECS task metadata endpoint did not give the container's log group (" + ex.GetType().Name
                + "); X-Ray segments go without aws.cloudwatch_logs. Set OTEL_RESOURCE_ATTRIBUTES=aws.log.group.names=<group> to name it.", "tracing", "log_group_unknown");
        }
    }
}
