using System.Text;
using System.Text.Json;
using MatCarv.Observability.Tests.Metrics;
using MatCarv.Observability.Tests.Tracing.Support;

namespace MatCarv.Observability.Tests.Tracing;

/// <summary>Segments' <c>aws.cloudwatch_logs</c> on ECS/EKS/EC2, from the documented environment or the ECS task metadata.</summary>
public sealed class CloudWatchLogsTests
{
    private static async Task<JsonElement> SegmentAwsAsync(TracingHarness harness)
    {
        string id;
        using (var root = harness.Source.StartActivity("request")!)
        {
            id = root.SpanId.ToHexString();
        }

        await harness.FlushAsync();
        var datagrams = await harness.Collector.WaitForIdsAsync([id]);
        XRaySchema.AssertDatagrams(datagrams);
        return datagrams.Single(d => d.Id == id).Body.GetProperty("aws");
    }

    [Theory]
    [InlineData("KUBERNETES_SERVICE_HOST", "10.0.0.1")]
    [InlineData("ECS_CONTAINER_METADATA_URI_V4", "http://127.0.0.1:1/not-read-when-the-environment-names-the-group")]
    public async Task Log_groups_named_in_OTEL_RESOURCE_ATTRIBUTES_become_aws_cloudwatch_logs(string variable, string value)
    {
        await using var harness = new TracingHarness(new Dictionary<string, string?>
        {
            ["POWERTOOLS_SERVICE_NAME"] = "orders",
            [variable] = value,
            ["OTEL_RESOURCE_ATTRIBUTES"] = "team=x,aws.log.group.names=/app/orders&/app/audit,aws.log.group.arns=arn:aws:logs:eu-west-1:123456789012:log-group:/app/orders:*",
        });

        var logs = (await SegmentAwsAsync(harness)).GetProperty("cloudwatch_logs");
        Assert.Equal(2, logs.GetArrayLength());
        Assert.Equal("/app/orders", logs[0].GetProperty("log_group").GetString());
        Assert.Equal("arn:aws:logs:eu-west-1:123456789012:log-group:/app/orders:*", logs[0].GetProperty("arn").GetString());
        Assert.Equal("/app/audit", logs[1].GetProperty("log_group").GetString());
        Assert.False(logs[1].TryGetProperty("arn", out _));
    }

    [Fact]
    public async Task ECS_container_metadata_is_read_once_in_the_background_for_the_awslogs_group_and_its_arn()
    {
        using var metadata = new OtlpReceiver();
        metadata.Responses.Enqueue((200, string.Empty, Encoding.UTF8.GetBytes("""
            {"DockerId":"43481a6ce4842eec8fe72fc28500c6b52edcc0917f105b83379f88cac1ff3946","Name":"orders",
             "ContainerARN":"arn:aws:ecs:eu-west-1:111122223333:container/0206b271-b33f-47ab-86c6-a0ba208a70a9",
             "LogDriver":"awslogs","LogOptions":{"awslogs-create-group":"true","awslogs-group":"/ecs/orders","awslogs-region":"eu-west-1","awslogs-stream":"ecs/orders/abc"}}
            """)));
        await using var harness = new TracingHarness(new Dictionary<string, string?>
        {
            ["POWERTOOLS_SERVICE_NAME"] = "orders",
            ["ECS_CONTAINER_METADATA_URI_V4"] = metadata.BaseUrl + "/v4/container",
        });

        var request = Assert.Single(await metadata.WaitForAsync(r => r.Count > 0));
        Assert.Equal("/v4/container", request.Path);

        // The read ends on its own task; segments written after it carry the group.
        var aws = await SegmentAwsAsync(harness);
        for (int i = 0; i < 100 && !aws.TryGetProperty("cloudwatch_logs", out _); i++)
        {
            await Task.Delay(20);
            aws = await SegmentAwsAsync(harness);
        }

        var group = Assert.Single(aws.GetProperty("cloudwatch_logs").EnumerateArray());
        Assert.Equal("/ecs/orders", group.GetProperty("log_group").GetString());
        Assert.Equal("arn:aws:logs:eu-west-1:111122223333:log-group:/ecs/orders", group.GetProperty("arn").GetString());
        Assert.Single(metadata.Requests);
    }

    [Fact]
    public async Task Unreachable_ECS_metadata_leaves_segments_without_log_groups_and_says_so_once()
    {
        var output = new CaptureStream();
        using var metadata = new OtlpReceiver();
        metadata.Responses.Enqueue((500, string.Empty, []));
        await using var harness = new TracingHarness(
            new Dictionary<string, string?> { ["POWERTOOLS_SERVICE_NAME"] = "orders", ["ECS_CONTAINER_METADATA_URI_V4"] = metadata.BaseUrl + "/v4/container" },
            output: output);
        await metadata.WaitForAsync(r => r.Count > 0);

        var aws = await SegmentAwsAsync(harness);
        Assert.False(aws.TryGetProperty("cloudwatch_logs", out _));
        for (int i = 0; i < 100 && !output.Lines().Any(l => l.Contains("log_group_unknown", StringComparison.Ordinal)); i++)
        {
            await harness.Telemetry.FlushAsync(TimeSpan.FromSeconds(1));
            await Task.Delay(20);
        }

        Assert.Single(output.Lines(), l => l.Contains("\"reason\":\"log_group_unknown\"", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Outside_containers_segments_carry_no_log_groups()
    {
        await using var harness = new TracingHarness(new Dictionary<string, string?>
        {
            ["POWERTOOLS_SERVICE_NAME"] = "orders",
            ["OTEL_RESOURCE_ATTRIBUTES"] = "aws.log.group.names=/app/orders",
        });

        Assert.False((await SegmentAwsAsync(harness)).TryGetProperty("cloudwatch_logs", out _));
    }
}
