using MatCarv.Observability.Context;

namespace MatCarv.Observability.Tests.Context;

public sealed class ExecutionEnvironmentTests
{
    private static ExecutionEnvironment Detect(params (string Key, string? Value)[] variables) =>
        ExecutionEnvironment.Detect(new EnvironmentReader(variables.ToDictionary(v => v.Key, v => v.Value)));

    [Fact]
    public void Lambda_is_detected_from_function_name_and_reads_function_facts()
    {
        var env = Detect(
            ("AWS_LAMBDA_FUNCTION_NAME", "orders-fn"),
            ("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST"),
            ("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "512"),
            ("AWS_REGION", "eu-west-1"));

        Assert.Equal(ExecutionEnvironmentKind.Lambda, env.Kind);
        Assert.True(env.IsLambda);
        Assert.Equal("orders-fn", env.FunctionName);
        Assert.Equal("$LATEST", env.FunctionVersion);
        Assert.Equal(512, env.FunctionMemorySize);
        Assert.Equal("eu-west-1", env.Region);
        Assert.False(env.IsProvisionedConcurrency);
    }

    [Fact]
    public void Lambda_is_detected_from_task_root_alone()
    {
        Assert.Equal(ExecutionEnvironmentKind.Lambda, Detect(("LAMBDA_TASK_ROOT", "/var/task")).Kind);
    }

    [Fact]
    public void Ecs_is_detected_from_the_v4_metadata_uri_without_calling_it()
    {
        var env = Detect(("ECS_CONTAINER_METADATA_URI_V4", "http://169.254.170.2/v4/abc"));
        Assert.Equal(ExecutionEnvironmentKind.Ecs, env.Kind);
        Assert.Equal("http://169.254.170.2/v4/abc", env.ContainerMetadataUri);
    }

    [Fact]
    public void Eks_is_detected_from_the_kubernetes_service_host()
    {
        Assert.Equal(ExecutionEnvironmentKind.Eks, Detect(("KUBERNETES_SERVICE_HOST", "10.0.0.1")).Kind);
    }

    [Fact]
    public void Nothing_set_means_local_and_blank_values_count_as_unset()
    {
        Assert.Equal(ExecutionEnvironmentKind.Local, Detect().Kind);
        Assert.Equal(ExecutionEnvironmentKind.Local, Detect(("AWS_LAMBDA_FUNCTION_NAME", "  ")).Kind);
    }

    [Fact]
    public void Region_falls_back_to_default_region_and_bad_memory_is_ignored()
    {
        var env = Detect(("AWS_DEFAULT_REGION", "us-east-2"), ("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "lots"));
        Assert.Equal("us-east-2", env.Region);
        Assert.Null(env.FunctionMemorySize);
    }

    [Fact]
    public void Provisioned_concurrency_is_read_from_the_initialization_type()
    {
        var env = Detect(("AWS_LAMBDA_FUNCTION_NAME", "f"), ("AWS_LAMBDA_INITIALIZATION_TYPE", "provisioned-concurrency"));
        Assert.True(env.IsProvisionedConcurrency);
    }

    [Fact]
    public void A_forced_kind_wins_over_detection()
    {
        var env = ExecutionEnvironment.Detect(new EnvironmentReader(new Dictionary<string, string?>()), ExecutionEnvironmentKind.Ec2);
        Assert.Equal(ExecutionEnvironmentKind.Ec2, env.Kind);
    }
}
