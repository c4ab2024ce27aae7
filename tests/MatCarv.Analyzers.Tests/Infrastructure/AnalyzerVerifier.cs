using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;

namespace MatCarv.Analyzers.Tests.Infrastructure;

/// <summary>Runs one analyzer on markup source (<c>[|…|]</c>, <c>{|#0:…|}</c>) against offline reference assemblies.</summary>
internal static class AnalyzerVerifier<TAnalyzer>
    where TAnalyzer : DiagnosticAnalyzer, new()
{
    public static Task VerifyAsync(string source, string? editorConfig = null, bool testProject = false, params DiagnosticResult[] expected) =>
        VerifyAsync(source, editorConfig, testProject, [], expected);

    public static Task VerifyAsync(string source, params DiagnosticResult[] expected) => VerifyAsync(source, null, false, expected);

    /// <summary>As above; diagnostics with the <paramref name="ignoredIds"/> are neither expected nor compared.</summary>
    public static Task VerifyAsync(string source, string? editorConfig, bool testProject, IEnumerable<string> ignoredIds, DiagnosticResult[] expected)
    {
        var test = new CSharpAnalyzerTest<TAnalyzer, DefaultVerifier>
        {
            TestCode = source,
            ReferenceAssemblies = TestReferences.None,
        };
        test.DisabledDiagnostics.AddRange(ignoredIds);
        if (source.Contains("#pragma warning restore", StringComparison.Ordinal))
        {
            // The framework's own check wraps the file in '#pragma warning disable' and expects nothing; a test of the
            // restore that ends a suppression re-enables the rule inside that wrapper by design.
            test.TestBehaviors |= TestBehaviors.SkipSuppressionCheck;
        }

        TestReferences.Apply(test.TestState);
        if (testProject)
        {
            test.TestState.Sources.Add(("Xunit.cs", Stubs.Xunit));
        }

        if (editorConfig is not null)
        {
            test.TestState.AnalyzerConfigFiles.Add(("/.editorconfig", "root = true\n[*.cs]\n" + editorConfig + "\n"));
        }

        test.ExpectedDiagnostics.AddRange(expected);
        return test.RunAsync();
    }
}
