namespace MatCarv.Analyzers;

/// <summary>Diagnostic categories (usable as <c>dotnet_analyzer_diagnostic.category-X.severity</c>).</summary>
internal static class RuleCategories
{
    public const string Security = "MatCarv.Security";
    public const string Observability = "MatCarv.Observability";
}
