using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace MatCarv.Analyzers.Internals;

/// <summary>
/// The method name written at a call site, read from syntax. Rules filter on it before binding, so that the compiler
/// never builds operation trees or binds calls that cannot match (most calls in a project).
/// </summary>
internal static class InvocationNames
{
    public static string? Of(InvocationExpressionSyntax invocation) => invocation.Expression switch
    {
        MemberAccessExpressionSyntax member => member.Name.Identifier.ValueText,
        IdentifierNameSyntax identifier => identifier.Identifier.ValueText,
        GenericNameSyntax generic => generic.Identifier.ValueText,
        MemberBindingExpressionSyntax binding => binding.Name.Identifier.ValueText,
        _ => null,
    };
}
