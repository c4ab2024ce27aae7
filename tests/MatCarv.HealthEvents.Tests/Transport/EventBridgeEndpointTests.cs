using MatCarv.HealthEvents.Transport;

namespace MatCarv.HealthEvents.Tests.Transport;

public sealed class EventBridgeEndpointTests
{
    [Theory]
    [InlineData("eu-west-1", false, false, "https://events.eu-west-1.amazonaws.com/")]
    [InlineData("eu-west-1", true, false, "https://events-fips.eu-west-1.amazonaws.com/")]
    [InlineData("eu-west-1", false, true, "https://events.eu-west-1.api.aws/")]
    [InlineData("us-east-1", true, true, "https://events-fips.us-east-1.api.aws/")]
    [InlineData("us-gov-west-1", true, false, "https://events.us-gov-west-1.amazonaws.com/")]
    [InlineData("us-gov-west-1", true, true, "https://events.us-gov-west-1.api.aws/")]
    [InlineData("cn-north-1", false, false, "https://events.cn-north-1.amazonaws.com.cn/")]
    [InlineData("cn-north-1", false, true, "https://events.cn-north-1.api.amazonwebservices.com.cn/")]
    public void Regional_endpoint_follows_the_EventBridge_endpoint_rules(string region, bool fips, bool dualStack, string expected) =>
        Assert.Equal(new Uri(expected), EventBridgeEndpoint.Resolve(region, fips, dualStack));

    [Fact]
    public void Configured_endpoint_must_be_an_absolute_http_url()
    {
        Assert.Equal(new Uri("http://localhost:4566/"), EventBridgeEndpoint.ParseConfigured("http://localhost:4566/", "AWS_ENDPOINT_URL"));
        Assert.Null(EventBridgeEndpoint.ParseConfigured(null, "AWS_ENDPOINT_URL"));
        var error = Assert.Throws<FormatException>(() => EventBridgeEndpoint.ParseConfigured("localhost:4566", "AWS_ENDPOINT_URL_EVENTBRIDGE"));
        Assert.Contains("AWS_ENDPOINT_URL_EVENTBRIDGE", error.Message, StringComparison.Ordinal);
    }
}
