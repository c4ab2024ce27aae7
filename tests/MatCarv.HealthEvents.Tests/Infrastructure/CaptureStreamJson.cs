using System.Text.Json;
using MatCarv.Observability.Tests.Metrics;

namespace MatCarv.HealthEvents.Tests.Infrastructure;

/// <summary>Reads what the stdout line writer wrote into a <see cref="CaptureStream"/> as health events and SDK warnings.</summary>
internal static class CaptureStreamJson
{
    public static JsonElement[] JsonLines(this CaptureStream output) => output.Lines().Select(l =>
    {
        using var d = JsonDocument.Parse(l);
        return d.RootElement.Clone();
    }).ToArray();

    /// <summary>Lines that are health events (they carry <c>detail-type</c>), as opposed to SDK warnings.</summary>
    public static JsonElement[] EventLines(this CaptureStream output) => output.JsonLines().Where(l => l.TryGetProperty("detail-type", out _)).ToArray();

    /// <summary>SDK warning lines (Powertools schema, level Warning).</summary>
    public static string[] Warnings(this CaptureStream output) => output.JsonLines()
        .Where(l => l.TryGetProperty("level", out var level) && level.GetString() == "Warning")
        .Select(l => l.GetProperty("message").GetString()!).ToArray();
}
