namespace MatCarv.EndToEnd.Tests;

/// <summary>
/// The packages the SDK ships: exactly what <c>dotnet pack MatCarv.Sdk.sln</c> must produce (COORDINATION.md, decision 1).
/// A new src project is packable by default; shipping it is a decision, recorded here (and in the README's install
/// section, which a documentation test compares with this list).
/// </summary>
internal static class ShippedPackages
{
    /// <summary>Package id and whether it carries a library (lib/ and a symbol package) or only analyzers.</summary>
    public static readonly (string Id, bool HasLibrary)[] All =
    [
        ("MatCarv.Analyzers", false),
        ("MatCarv.Observability", true),
        ("MatCarv.HealthEvents", true),
        ("MatCarv.Observability.AspNetCore", true),
        ("MatCarv.OpenTelemetry", true),
    ];
}
