using System.Text.Json;
using Json.Schema;

namespace MatCarv.Observability.Tests.Tracing.Support;

/// <summary>
/// The official X-Ray segment document schema (tests/specs/xray-segment-schema.json). It declares draft-04, which JsonSchema.Net 8
/// does not implement (its dialects are draft-06, draft-07, 2019-09, 2020-12 and v1). The schema uses only keywords whose meaning
/// is the same in draft-04 and draft-07 (type, properties, patternProperties, additionalProperties, required, oneOf, items,
/// pattern, minLength, maxLength, $ref into #/definitions; none of draft-04's changed keywords: no "id", no boolean
/// exclusiveMinimum/Maximum), so it is evaluated as draft-07 by rewriting only its "$schema" URI. Nothing else is changed.
/// </summary>
public static class XRaySchema
{
    private static readonly Lazy<JsonSchema> Schema = new(() =>
    {
        var path = Path.Combine(AppContext.BaseDirectory, "specs", "xray-segment-schema.json");
        var text = File.ReadAllText(path);
        const string Draft04 = "http://json-schema.org/draft-04/schema#";
        Assert.Contains(Draft04, text);
        text = text.Replace(Draft04, "http://json-schema.org/draft-07/schema#", StringComparison.Ordinal);
        return JsonSchema.FromText(text);
    });

    public static void AssertValid(JsonElement document)
    {
        var result = Schema.Value.Evaluate(document, new EvaluationOptions { OutputFormat = OutputFormat.List });
        if (!result.IsValid)
        {
            var errors = result.Details?.Where(d => d.Errors is { Count: > 0 })
                .SelectMany(d => d.Errors!.Select(e => d.InstanceLocation + ": " + e.Key + " " + e.Value)) ?? [];
            Assert.Fail("X-Ray document does not match the schema: " + string.Join("; ", errors) + "\n" + document.GetRawText()[..Math.Min(2000, document.GetRawText().Length)]);
        }
    }

    /// <summary>Asserts the daemon protocol framing, the 64 KB limit and the schema for every datagram.</summary>
    public static void AssertDatagrams(IEnumerable<XRayDatagram> datagrams)
    {
        foreach (var datagram in datagrams)
        {
            Assert.Equal("{\"format\":\"json\",\"version\":1}", datagram.Header);
            Assert.True(datagram.Bytes.Length <= 64_000, $"datagram of {datagram.Bytes.Length} bytes exceeds 64,000");
            AssertValid(datagram.Body);
        }
    }
}
