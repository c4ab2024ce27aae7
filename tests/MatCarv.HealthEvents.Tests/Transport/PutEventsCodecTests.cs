using System.Net;
using System.Text;
using System.Text.Json;
using MatCarv.HealthEvents.Publishing;
using MatCarv.HealthEvents.Transport;

namespace MatCarv.HealthEvents.Tests.Transport;

public sealed class PutEventsCodecTests
{
    private static PreparedEntry Entry(long sequence, string detail = "{\"a\":\"x\\\"y\"}", string? trace = null) =>
        new(sequence, Guid.NewGuid(), "k", "Service Health Status Changed", Encoding.UTF8.GetBytes(detail), ["arn:aws:ecs:eu-west-1:1:task/a"], DateTimeOffset.FromUnixTimeMilliseconds(1700000000123), trace, 10);

    [Fact]
    public void Request_body_carries_detail_as_a_json_string_and_time_as_epoch_seconds()
    {
        var body = PutEventsCodec.WriteRequest([Entry(1, trace: "Root=1-5759e988-bd862e3fe1be46a994272793")], "com.acme.health", "arn:aws:events:eu-west-1:1:event-bus/aiops");
        using var doc = JsonDocument.Parse(body);
        var entry = doc.RootElement.GetProperty("Entries")[0];
        Assert.Equal("{\"a\":\"x\\\"y\"}", entry.GetProperty("Detail").GetString());
        Assert.Equal(1700000000.123m, entry.GetProperty("Time").GetDecimal());
        Assert.Equal("arn:aws:events:eu-west-1:1:event-bus/aiops", entry.GetProperty("EventBusName").GetString());
        Assert.Equal("Root=1-5759e988-bd862e3fe1be46a994272793", entry.GetProperty("TraceHeader").GetString());
        Assert.Equal("arn:aws:ecs:eu-west-1:1:task/a", entry.GetProperty("Resources")[0].GetString());
    }

    [Fact]
    public void Response_with_failed_entries_maps_codes_to_request_positions()
    {
        var result = PutEventsCodec.ReadResponse("{\"FailedEntryCount\":1,\"Entries\":[{\"EventId\":\"1\"},{\"ErrorCode\":\"InternalFailure\",\"ErrorMessage\":\"Internal Service Failure\"}]}"u8, 2);
        Assert.False(result.RequestFailed);
        Assert.Equal(new string?[] { null, "InternalFailure" }, result.EntryErrorCodes);
    }

    [Fact]
    public void Response_with_fewer_results_than_entries_is_a_retryable_failure()
    {
        var result = PutEventsCodec.ReadResponse("{\"FailedEntryCount\":0,\"Entries\":[{\"EventId\":\"1\"}]}"u8, 2);
        Assert.True(result.RequestFailed);
        Assert.True(result.Retryable);
    }

    [Theory]
    [InlineData(null, "{\"__type\":\"com.amazonaws.eventbridge#InternalException\",\"message\":\"boom\"}", "InternalException", "boom")]
    [InlineData("ThrottlingException:http://internal.amazon.com/", "{\"__type\":\"Other\"}", "ThrottlingException", null)]
    [InlineData(null, "{\"code\":\"AccessDeniedException\",\"__type\":\"X\",\"Message\":\"no\"}", "AccessDeniedException", "no")]
    [InlineData(null, "<html>bad gateway</html>", null, null)]
    public void Error_code_is_read_as_the_AWS_parsers_do(string? header, string body, string? code, string? message)
    {
        var (parsedCode, parsedMessage) = PutEventsErrors.Parse(header, Encoding.UTF8.GetBytes(body));
        Assert.Equal(code, parsedCode);
        Assert.Equal(message, parsedMessage);
    }

    [Theory]
    [InlineData("ThrottlingException", HttpStatusCode.BadRequest, true)]
    [InlineData("InternalException", HttpStatusCode.InternalServerError, true)]
    [InlineData("http_503", HttpStatusCode.ServiceUnavailable, true)]
    [InlineData("AccessDeniedException", HttpStatusCode.BadRequest, false)]
    [InlineData("ValidationException", HttpStatusCode.BadRequest, false)]
    public void Request_errors_are_retryable_only_when_throttling_or_transient(string code, HttpStatusCode status, bool retryable) =>
        Assert.Equal(retryable, PutEventsErrors.IsRetryableRequest(code, status));

    [Theory]
    [InlineData("InternalFailure", true)]
    [InlineData("ThrottlingException", true)]
    [InlineData("MalformedDetail", false)]
    [InlineData("NotAuthorizedForSourceException", false)]
    public void Only_InternalFailure_and_ThrottlingException_entries_are_retried(string code, bool retryable) =>
        Assert.Equal(retryable, PutEventsErrors.IsRetryableEntryCode(code));
}
