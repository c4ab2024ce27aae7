using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using MatCarv.Observability.Lambda;
using MatCarv.Observability.Tests.Logging;
using Microsoft.Extensions.Logging;

namespace MatCarv.Observability.Tests.Lambda;

public sealed class CorrelationIdPathTests
{
    public static TheoryData<string, string, string> Presets() => new()
    {
        { nameof(CorrelationIdPath.ApiGatewayRest), "apigateway-rest.json", "77375676-xmpl-4b79-853a-f982474efe18" },
        { nameof(CorrelationIdPath.ApiGatewayHttp), "apigateway-http.json", "JKJaXmPLvHcESHA=" },
        { nameof(CorrelationIdPath.ApplicationLoadBalancer), "alb.json", "Root=1-5c536348-3d683b8b04734faae651f476" },
        { nameof(CorrelationIdPath.Sqs), "sqs.json", "059f36b4-87a3-44ab-83d2-661975830a7d" },
        { nameof(CorrelationIdPath.Sns), "sns.json", "95df01b4-ee98-5cb9-9903-4c221d41eb5e" },
        { nameof(CorrelationIdPath.EventBridge), "eventbridge.json", "6a7e8feb-b491-4cf7-a9f1-bf3703467718" },
        { nameof(CorrelationIdPath.Kinesis), "kinesis.json", "shardId-000000000006:49590338271490256608559692538361571095921575989136588898" },
    };

    private static CorrelationIdPath Preset(string name) => name switch
    {
        nameof(CorrelationIdPath.ApiGatewayRest) => CorrelationIdPath.ApiGatewayRest,
        nameof(CorrelationIdPath.ApiGatewayHttp) => CorrelationIdPath.ApiGatewayHttp,
        nameof(CorrelationIdPath.ApplicationLoadBalancer) => CorrelationIdPath.ApplicationLoadBalancer,
        nameof(CorrelationIdPath.Sqs) => CorrelationIdPath.Sqs,
        nameof(CorrelationIdPath.Sns) => CorrelationIdPath.Sns,
        nameof(CorrelationIdPath.EventBridge) => CorrelationIdPath.EventBridge,
        nameof(CorrelationIdPath.Kinesis) => CorrelationIdPath.Kinesis,
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };

    private static byte[] Event(string file) => File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Lambda", "Events", file));

    [Theory]
    [MemberData(nameof(Presets))]
    public void Each_preset_finds_the_id_in_its_event_from_raw_json_and_from_a_parsed_document(string preset, string file, string expected)
    {
        var path = Preset(preset);
        var utf8 = Event(file);
        Assert.Equal(expected, path.Find(utf8));
        using var document = JsonDocument.Parse(utf8);
        Assert.Equal(expected, path.Find(document.RootElement));
    }

    [Theory]
    [InlineData(nameof(CorrelationIdPath.EventBridge), "sqs.json")]
    [InlineData(nameof(CorrelationIdPath.Sqs), "sns.json")]
    [InlineData(nameof(CorrelationIdPath.Sns), "sqs.json")]
    [InlineData(nameof(CorrelationIdPath.Kinesis), "sqs.json")]
    [InlineData(nameof(CorrelationIdPath.ApiGatewayRest), "alb.json")]
    public void A_preset_finds_nothing_in_an_event_without_its_member(string preset, string file) =>
        Assert.Null(Preset(preset).Find(Event(file)));

    [Fact]
    public void Header_names_and_typed_events_match_ignoring_case_but_an_exact_member_wins()
    {
        // API Gateway REST passes headers as the client sent them; ALB lowercases them.
        Assert.Equal("Root=1-5e66d96f-7491f09xmpl79d18acf3d050", CorrelationIdPath.ApplicationLoadBalancer.Find(Event("apigateway-rest.json")));

        var both = """{"id":"exact","ID":"other"}"""u8.ToArray();
        var reversed = """{"ID":"other","id":"exact"}"""u8.ToArray();
        Assert.Equal("exact", CorrelationIdPath.EventBridge.Find(both));
        Assert.Equal("exact", CorrelationIdPath.EventBridge.Find(reversed));
        using var document = JsonDocument.Parse(reversed);
        Assert.Equal("exact", CorrelationIdPath.EventBridge.Find(document.RootElement));
        Assert.Equal("other", CorrelationIdPath.EventBridge.Find("""{"Id":"other"}"""u8));
    }

    [Fact]
    public void A_typed_event_is_found_through_source_generated_metadata()
    {
        // Serialized with .NET's default naming (RequestContext/RequestId), as a typed event model would be.
        var request = new TypedProxyRequest("/orders/42", new TypedRequestContext("req-typed-1", "Prod"));
        Assert.Equal("req-typed-1", CorrelationIdPath.ApiGatewayRest.Find(request, CorrelationTestJsonContext.Default.TypedProxyRequest));
        Assert.Null(CorrelationIdPath.ApiGatewayRest.Find<TypedProxyRequest>(null!, CorrelationTestJsonContext.Default.TypedProxyRequest));
    }

    [Theory]
    [InlineData("""{"a":{"n":42}}""", "/a/n", "42")]
    [InlineData("""{"a":{"n":-1.5e3}}""", "/a/n", "-1.5e3")]
    [InlineData("""{"a":true}""", "/a", "true")]
    [InlineData("""{"a":{"b":1}}""", "/a", null)]
    [InlineData("""{"a":[1,2]}""", "/a", null)]
    [InlineData("""{"a":null}""", "/a", null)]
    [InlineData("""{"a":[{"x":"0"},{"x":"1"}]}""", "/a/1/x", "1")]
    [InlineData("""{"a":[{"x":"0"}]}""", "/a/1/x", null)]
    [InlineData("""{"a":[{"x":"0"},{"x":"1"}]}""", "/a/01/x", null)]
    [InlineData("""{"a":{"01":"member"}}""", "/a/01", "member")]
    [InlineData("""{"a/b":{"m~n":"escaped"}}""", "/a~1b/m~0n", "escaped")]
    [InlineData("""{"":{"":"empty names"}}""", "//", "empty names")]
    [InlineData("""{"skip":{"deep":[1,{"x":[2]}]},"a":"after a nested value"}""", "/a", "after a nested value")]
    [InlineData("""{"a":"unterminated""", "/a", null)]
    [InlineData("""not json""", "/a", null)]
    [InlineData("""["first"]""", "/0", "first")]
    [InlineData("""{"a":"\u00e9t\u00e9 \ud83d\ude00"}""", "/a", "été 😀")]
    public void Pointer_semantics_follow_RFC_6901_and_only_scalars_are_ids(string json, string pointer, string? expected)
    {
        var path = CorrelationIdPath.Parse(pointer);
        Assert.Equal(expected, path.Find(Encoding.UTF8.GetBytes(json)));
        if (expected is not null)
        {
            using var document = JsonDocument.Parse(json);
            Assert.Equal(expected, path.Find(document.RootElement));
        }
    }

    [Theory]
    [InlineData("requestContext/requestId")]
    [InlineData("/a~2")]
    [InlineData("/a~")]
    public void An_invalid_pointer_fails_when_it_is_parsed(string pointer)
    {
        var error = Assert.Throws<ArgumentException>(() => CorrelationIdPath.Parse(pointer));
        Assert.Contains(pointer, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_id_found_in_the_event_is_the_correlation_id_of_every_line_of_the_invocation()
    {
        using var harness = LogHarness.Lambda();
        var invocation = new LambdaInvocation("req-1", "arn:aws:lambda:us-east-1:123456789012:function:harness-fn")
        {
            CorrelationId = CorrelationIdPath.Sqs.Find(Event("sqs.json")),
        };
        await using (harness.Telemetry.BeginInvocation(invocation))
        {
            harness.Logger.LogInformation("one");
            await Task.Yield();
            harness.Logger.LogWarning("two");
        }

        harness.Logger.LogInformation("after the invocation");
        var lines = harness.Lines();
        Assert.Equal(["059f36b4-87a3-44ab-83d2-661975830a7d", "059f36b4-87a3-44ab-83d2-661975830a7d"], lines.Take(2).Select(l => l.GetProperty("correlation_id").GetString()!));
        Assert.False(lines[2].TryGetProperty("correlation_id", out _));
    }
}

public sealed record TypedProxyRequest(string Path, TypedRequestContext RequestContext);

public sealed record TypedRequestContext(string RequestId, string Stage);

[JsonSerializable(typeof(TypedProxyRequest))]
internal sealed partial class CorrelationTestJsonContext : JsonSerializerContext
{
}
