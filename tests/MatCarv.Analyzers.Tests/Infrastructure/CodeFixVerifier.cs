using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;

namespace MatCarv.Analyzers.Tests.Infrastructure;

/// <summary>Runs an analyzer and its code fix: one-at-a-time fixes and Fix All (document, project, solution) are verified.</summary>
internal static class CodeFixVerifier<TAnalyzer, TCodeFix>
    where TAnalyzer : DiagnosticAnalyzer, new()
    where TCodeFix : CodeFixProvider, new()
{
    public static Task VerifyAsync(string source, string fixedSource, string? batchFixedSource = null, int? iterations = null)
    {
        var test = new CSharpCodeFixTest<TAnalyzer, TCodeFix, DefaultVerifier>
        {
            TestCode = source,
            FixedCode = fixedSource,
            ReferenceAssemblies = TestReferences.None,
        };
        if (batchFixedSource is not null)
        {
            test.BatchFixedCode = batchFixedSource;
        }

        if (iterations is not null)
        {
            test.NumberOfFixAllIterations = iterations;
        }

        TestReferences.Apply(test.TestState);
        test.FixedState.Sources.Add(("Stubs.cs", Stubs.Source));
        if (batchFixedSource is not null)
        {
            test.BatchFixedState.Sources.Add(("Stubs.cs", Stubs.Source));
        }

        return test.RunAsync();
    }
}
