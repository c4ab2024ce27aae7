using MatCarv.Observability.AspNetCore.Lambda;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Time.Testing;

namespace MatCarv.Observability.AspNetCore.Tests.Lambda;

public sealed class LambdaRequestFactsTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 3, 12, 0, 0, TimeSpan.Zero);

    private static LambdaRequestFacts Facts(Func<HttpContext, MatCarv.Observability.Lambda.LambdaInvocation?>? mapping = null) =>
        new(mapping, new FakeTimeProvider(Now));

    [Theory]
    [InlineData("deadline")]
    [InlineData("deadline_ms")]
    public void Lambda_Web_Adapters_context_header_gives_every_fact(string deadlineKey)
    {
        var deadline = Now.AddSeconds(12).ToUnixTimeMilliseconds();
        var json = $$$"""{"request_id":"8476a536-e9f4-11e8-9739-2dfe598c3fcd","{{{deadlineKey}}}":{{{deadline}}},"invoked_function_arn":"arn:aws:lambda:us-east-1:123456789012:function:api","xray_trace_id":"Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1","client_context":null,"identity":null,"env_config":{"function_name":"api","memory":512,"version":"$LATEST","log_stream":"s","log_group":"g"}}""";
        var invocation = Facts().FromLambdaContextHeader(json)!;
        Assert.Equal("8476a536-e9f4-11e8-9739-2dfe598c3fcd", invocation.RequestId);
        Assert.Equal("arn:aws:lambda:us-east-1:123456789012:function:api", invocation.InvokedFunctionArn);
        Assert.Equal("Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1", invocation.TraceHeader);
        Assert.Equal(TimeSpan.FromSeconds(12), invocation.RemainingTime);
    }

    [Theory]
    [InlineData("")]
    [InlineData("not json")]
    [InlineData("""["request_id"]""")]
    [InlineData("""{"deadline":1}""")]
    [InlineData("""{"request_id":""}""")]
    [InlineData("""{"request_id":42}""")]
    [InlineData("""{"request_id":"r""")]
    public void A_header_that_is_not_the_runtimes_context_is_ignored(string json) =>
        Assert.Null(Facts().FromLambdaContextHeader(json));

    [Fact]
    public void A_past_deadline_leaves_no_time_and_a_huge_header_is_ignored()
    {
        var past = Facts().FromLambdaContextHeader($$"""{"request_id":"r","deadline":{{Now.AddSeconds(-5).ToUnixTimeMilliseconds()}}}""")!;
        Assert.Equal(TimeSpan.Zero, past.RemainingTime);
        Assert.Null(Facts().FromLambdaContextHeader("{\"request_id\":\"r\",\"pad\":\"" + new string('x', 20_000) + "\"}"));
    }

    [Fact]
    public void Sources_are_tried_in_order_mapping_then_adapter_then_web_function_then_the_trace_identifier()
    {
        var context = new DefaultHttpContext { TraceIdentifier = "0HN7:00000001" };
        Assert.Equal("0HN7:00000001", Facts().Resolve(context, out var source).RequestId);
        Assert.Equal("trace_identifier", source);

        context.Request.Headers["lambda-web-request-id"] = "web-1";
        context.Request.Headers["X-Amzn-Trace-Id"] = "Root=1-5759e988-bd862e3fe1be46a994272793";
        var web = Facts().Resolve(context, out source);
        Assert.Equal(("web-1", "lambda-web-request-id"), (web.RequestId, source));
        Assert.Equal("Root=1-5759e988-bd862e3fe1be46a994272793", web.TraceHeader);

        context.Request.Headers["x-amzn-lambda-context"] = """{"request_id":"adapter-1"}""";
        Assert.Equal("adapter-1", Facts().Resolve(context, out source).RequestId);
        Assert.Equal("x-amzn-lambda-context", source);

        var mapped = Facts(_ => new MatCarv.Observability.Lambda.LambdaInvocation("mapped-1")).Resolve(context, out source);
        Assert.Equal(("mapped-1", "mapping"), (mapped.RequestId, source));

        // A mapping that returns null falls back to the built-in sources.
        Assert.Equal("adapter-1", Facts(_ => null).Resolve(context, out _).RequestId);
    }
}
