using System.Text.Json;
using Json.Schema;

namespace MatCarv.HealthEvents.Tests.Infrastructure;

/// <summary>The committed schema (src/MatCarv.HealthEvents/Schema/health-event-v1.schema.json), loaded once.</summary>
internal static class HealthEventSchema
{
    private static readonly Lazy<JsonSchema> Schema = new(() =>
        JsonSchema.FromFile(Path.Combine(AppContext.BaseDirectory, "schema", "health-event-v1.schema.json")));

    public static void AssertValid(JsonElement detail)
    {
        var result = Schema.Value.Evaluate(detail, new EvaluationOptions { OutputFormat = OutputFormat.List, RequireFormatValidation = true });
        if (!result.IsValid)
        {
            var errors = (result.Details ?? []).Where(d => d.Errors is not null)
                .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Key} {e.Value}"));
            Assert.Fail("detail does not match health-event-v1.schema.json: " + string.Join("; ", errors) + "\n" + detail.GetRawText());
        }
    }

    public static bool IsValid(JsonElement detail) =>
        Schema.Value.Evaluate(detail, new EvaluationOptions { RequireFormatValidation = true }).IsValid;
}
