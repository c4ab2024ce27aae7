using MatCarv.Analyzers.Rules.Security;
using Microsoft.CodeAnalysis.Testing;

namespace MatCarv.Analyzers.Tests.Infrastructure;

/// <summary>A rule id as a type, so that one verifier template serves every rule of <see cref="HardcodedSecretAnalyzer"/>.</summary>
internal interface ISecretRule
{
    static abstract string Id { get; }
}

internal sealed class Mcv1001 : ISecretRule
{
    public static string Id => "MCV1001";
}

internal sealed class Mcv1002 : ISecretRule
{
    public static string Id => "MCV1002";
}

internal sealed class Mcv1003 : ISecretRule
{
    public static string Id => "MCV1003";
}

internal sealed class Mcv1004 : ISecretRule
{
    public static string Id => "MCV1004";
}

/// <summary>
/// Runs <see cref="HardcodedSecretAnalyzer"/> (MCV1001–MCV1004 decided together) and compares the diagnostics of one rule
/// only: a rule's tests state what that rule reports, and which other rule owns a value is tested where it matters.
/// </summary>
internal static class SecretRuleVerifier<TRule>
    where TRule : ISecretRule
{
    private static readonly string[] All = ["MCV1001", "MCV1002", "MCV1003", "MCV1004"];

    /// <summary>As <see cref="AnalyzerVerifier{TAnalyzer}"/>; <c>[|…|]</c> marks a diagnostic of this rule.</summary>
    public static Task VerifyAsync(string source, string? editorConfig = null, bool testProject = false, params DiagnosticResult[] expected) =>
        AnalyzerVerifier<HardcodedSecretAnalyzer>.VerifyAsync(
            source.Replace("[|", "{|" + TRule.Id + ":", StringComparison.Ordinal).Replace("|]", "|}", StringComparison.Ordinal),
            editorConfig,
            testProject,
            All.Where(id => id != TRule.Id),
            expected);

    public static Task VerifyAsync(string source, params DiagnosticResult[] expected) => VerifyAsync(source, null, false, expected);
}
