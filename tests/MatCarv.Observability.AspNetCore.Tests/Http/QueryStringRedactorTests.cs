using MatCarv.Observability.AspNetCore.Http;

namespace MatCarv.Observability.AspNetCore.Tests.Http;

public sealed class QueryStringRedactorTests
{
    [Theory]
    [InlineData(null, null)]
    [InlineData("", null)]
    [InlineData("?", null)]
    [InlineData("?page=2&sort=asc", "page=2&sort=asc")]
    [InlineData("?AWSAccessKeyId=AKIA&Signature=abc&Expires=1", "AWSAccessKeyId=REDACTED&Signature=REDACTED&Expires=1")]
    [InlineData("?sig=1&X-Goog-Signature=2", "sig=REDACTED&X-Goog-Signature=REDACTED")]
    [InlineData("?access_token=t&refresh-token=r&id_token=i", "access_token=REDACTED&refresh-token=REDACTED&id_token=REDACTED")]
    [InlineData("?client_secret=s&api_key=k&apiKey=K&Password=p", "client_secret=REDACTED&api_key=REDACTED&apiKey=REDACTED&Password=REDACTED")]
    [InlineData("?flag&token&=x&tenant=1", "flag&token&=x&tenant=1")]
    [InlineData("?a=1&&b=2", "a=1&&b=2")]
    [InlineData("?order=7&session_id=abc", "order=7&session_id=REDACTED")]
    public void Credential_values_are_redacted_and_everything_else_is_kept(string? query, string? expected)
    {
        var redactor = new QueryStringRedactor(["session_id"]);
        Assert.Equal(expected, redactor.Redact(query));
    }

    [Fact]
    public void A_query_without_credentials_is_returned_without_a_copy_beyond_the_leading_question_mark()
    {
        var redactor = new QueryStringRedactor([]);
        const string Query = "page=2";
        Assert.Same(Query, redactor.Redact(Query));
    }
}
