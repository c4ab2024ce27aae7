using MatCarv.Observability.Context;
using MatCarv.Observability.Lambda;

namespace MatCarv.Observability.Tests.Lambda;

public sealed class MatCarvLambdaTests
{
    private static readonly Dictionary<string, string?> LambdaEnvironment = new()
    {
        ["AWS_LAMBDA_FUNCTION_NAME"] = "orders-fn",
        ["AWS_LAMBDA_FUNCTION_VERSION"] = "7",
        ["AWS_LAMBDA_FUNCTION_MEMORY_SIZE"] = "256",
        ["POWERTOOLS_SERVICE_NAME"] = "orders",
        ["_X_AMZN_TRACE_ID"] = "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1",
    };

    private static MatCarvLambda Create(Stream output, IReadOnlyDictionary<string, string?>? env = null) =>
        MatCarvLambda.Create(o =>
        {
            o.EnvironmentVariables = env ?? LambdaEnvironment;
            o.Output = output;
        });

    [Fact]
    public async Task First_invocation_is_cold_and_the_next_is_warm()
    {
        await using var telemetry = Create(new MemoryStream());
        bool first, second;
        await using (var scope = telemetry.BeginInvocation(new LambdaInvocation("req-1", "arn:aws:lambda:eu-west-1:123456789012:function:orders-fn")))
        {
            first = scope.Context.IsColdStart;
        }

        await using (var scope = telemetry.BeginInvocation(new LambdaInvocation("req-2")))
        {
            second = scope.Context.IsColdStart;
        }

        Assert.True(first);
        Assert.False(second);
    }

    [Fact]
    public async Task Invocation_context_carries_the_lambda_facts_and_the_trace_header_from_the_environment()
    {
        await using var telemetry = Create(new MemoryStream());
        Assert.Equal(ExecutionEnvironmentKind.Lambda, telemetry.Environment.Kind);
        Assert.Equal("orders", telemetry.Identity.Name);
        await using var scope = telemetry.BeginInvocation(new LambdaInvocation("req-1", "arn:aws:lambda:eu-west-1:123456789012:function:orders-fn") { RemainingTime = TimeSpan.FromSeconds(3) });
        var current = InvocationContext.Current;
        Assert.Same(scope.Context, current);
        Assert.Equal("req-1", current!.RequestId);
        Assert.Equal("orders-fn", current.FunctionName);
        Assert.Equal("7", current.FunctionVersion);
        Assert.Equal(256, current.FunctionMemorySize);
        Assert.Equal("1-5759e988-bd862e3fe1be46a994272793", current.TraceHeader!.Root);
        Assert.Equal("53995c3f42cd8ad8", current.TraceHeader.Parent);
        Assert.NotNull(current.Deadline);
    }

    [Fact]
    public async Task Concurrent_invocations_each_see_their_own_context()
    {
        await using var telemetry = Create(new MemoryStream());
        var seen = await Task.WhenAll(Enumerable.Range(0, 32).Select(i => telemetry.RunAsync(
            new LambdaInvocation($"req-{i}") { TraceHeader = $"Root=1-5759e988-bd862e3fe1be46a9942727{i:x2};Sampled=1" },
            async ctx =>
            {
                await Task.Yield();
                await Task.Delay(i % 5);
                return (Expected: i, Request: InvocationContext.Current!.RequestId, Root: InvocationContext.Current.TraceHeader!.Root);
            })));

        foreach (var (expected, request, root) in seen)
        {
            Assert.Equal($"req-{expected}", request);
            Assert.EndsWith($"{expected:x2}", root, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Disposing_the_scope_restores_the_previous_context()
    {
        await using var telemetry = Create(new MemoryStream());
        Assert.Null(InvocationContext.Current);
        var scope = telemetry.BeginInvocation(new LambdaInvocation("req-1"));
        Assert.NotNull(InvocationContext.Current);
        await scope.DisposeAsync();
        Assert.Null(InvocationContext.Current);
    }

    [Fact]
    public async Task RunAsync_rethrows_the_handler_exception_after_flushing()
    {
        var output = new MemoryStream();
        await using var telemetry = Create(output);
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            telemetry.RunAsync<int>(new LambdaInvocation("req-1"), _ => throw new InvalidOperationException("boom")));
        Assert.Equal("boom", error.Message);
        Assert.Null(InvocationContext.Current);
    }

    [Fact]
    public void A_bad_setting_fails_at_start_up_and_names_the_setting()
    {
        var error = Assert.ThrowsAny<Exception>(() => MatCarvLambda.Create(o =>
        {
            o.EnvironmentVariables = LambdaEnvironment;
            o.Output = new MemoryStream();
            o.OutputFlushInterval = TimeSpan.Zero;
        }));
        Assert.Contains("MatCarv:OutputFlushInterval", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_malformed_trace_header_is_ignored_not_thrown()
    {
        await using var telemetry = Create(new MemoryStream());
        await using var scope = telemetry.BeginInvocation(new LambdaInvocation("req-1") { TraceHeader = "Root=garbage;;;Parent=zz" });
        Assert.Null(scope.Context.TraceHeader);
    }
}
