using System.Collections;
using Microsoft.Extensions.Logging;

namespace MatCarv.Observability.Tests.Logging;

public sealed class StateOrderTests
{
    /// <summary>The shape of ASP.NET Core's HostingRequestStartingLog: values listed in an order other than the template's.</summary>
    private sealed class RequestStartingState : IReadOnlyList<KeyValuePair<string, object?>>
    {
        private readonly KeyValuePair<string, object?>[] _pairs =
        [
            new("Protocol", "HTTP/1.1"),
            new("Method", "GET"),
            new("ContentType", null),
            new("ContentLength", null),
            new("Scheme", "http"),
            new("Host", "localhost:5000"),
            new("PathBase", ""),
            new("Path", "/stock/sku-1"),
            new("QueryString", ""),
            new("{OriginalFormat}", "Request starting {Protocol} {Method} {Scheme}://{Host}{PathBase}{Path}{QueryString} - {ContentType} {ContentLength}"),
        ];

        public int Count => _pairs.Length;

        public KeyValuePair<string, object?> this[int index] => _pairs[index];

        public IEnumerator<KeyValuePair<string, object?>> GetEnumerator() => ((IEnumerable<KeyValuePair<string, object?>>)_pairs).GetEnumerator();

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

        public override string ToString() => "Request starting HTTP/1.1 GET http://localhost:5000/stock/sku-1 - - -";
    }

    [Fact]
    public void Values_listed_out_of_template_order_are_matched_to_holes_by_name()
    {
        using var harness = LogHarness.Local();
        harness.Logger.Log(LogLevel.Information, default, new RequestStartingState(), null, static (s, _) => s.ToString());

        var line = Assert.Single(harness.Lines());
        Assert.Equal("Request starting HTTP/1.1 GET http://localhost:5000/stock/sku-1 - (null) (null)", line.GetProperty("message").GetString());
        Assert.Equal("GET", line.GetProperty("method").GetString());
        Assert.Equal("http", line.GetProperty("scheme").GetString());
        Assert.Equal("/stock/sku-1", line.GetProperty("path").GetString());
    }

    [Fact]
    public void A_destructured_hole_finds_its_value_under_the_at_prefixed_key()
    {
        using var harness = LogHarness.Local();
        harness.Logger.LogInformation("Order {@Order} for {Customer}", new Dictionary<string, object?> { ["id"] = 7 }, "ada");

        var line = Assert.Single(harness.Lines());
        Assert.Equal(7, line.GetProperty("order").GetProperty("id").GetInt32());
        Assert.Equal("ada", line.GetProperty("customer").GetString());
    }
}
