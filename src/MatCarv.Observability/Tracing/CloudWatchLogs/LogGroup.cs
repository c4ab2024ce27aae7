namespace MatCarv.Observability.Tracing.CloudWatchLogs;

/// <summary>A CloudWatch Logs log group this process writes to, with its ARN when the account and region are known.</summary>
/// <param name="Name">The log group name.</param>
/// <param name="Arn">The log group ARN (<c>arn:aws:logs:&lt;region&gt;:&lt;account&gt;:log-group:&lt;name&gt;</c>), or null.</param>
internal sealed record LogGroup(string Name, string? Arn)
{
    public static string FormatArn(string partition, string region, string account, string name) =>
        "arn:" + partition + ":logs:" + region + ":" + account + ":log-group:" + name;
}
