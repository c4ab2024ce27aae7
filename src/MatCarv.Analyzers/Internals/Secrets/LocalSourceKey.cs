using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace MatCarv.Analyzers.Internals.Secrets;

/// <summary>
/// The key a local was read with: <c>var supplied = request.Headers["X-Admin-Token"].ToString()</c> or
/// <c>Headers.TryGetValue("X-Api-Key", out var given)</c>. A literal compared with such a local is compared with that header,
/// query parameter or setting, so the key names it (<c>supplied == "…"</c> is a hard-coded admin token). Read from syntax, for
/// the syntactic pre-check and the semantic finder alike; only called for literals that already look like secrets.
/// </summary>
internal static class LocalSourceKey
{
    private const int MaxNodes = 24;

    /// <summary>The key the local named by <paramref name="identifier"/> was read with, from its declaration before this use.</summary>
    public static string? Of(IdentifierNameSyntax identifier)
    {
        var name = identifier.Identifier.ValueText;
        SyntaxNode scope = identifier.FirstAncestorOrSelf<BaseMethodDeclarationSyntax>() ??
                           identifier.FirstAncestorOrSelf<AccessorDeclarationSyntax>() ??
                           (SyntaxNode?)identifier.FirstAncestorOrSelf<CompilationUnitSyntax>() ?? identifier;
        SyntaxNode? declaration = null;
        foreach (var node in scope.DescendantNodes())
        {
            if (node.SpanStart >= identifier.SpanStart)
            {
                break;
            }

            if ((node is VariableDeclaratorSyntax declarator && declarator.Identifier.ValueText == name) ||
                (node is SingleVariableDesignationSyntax designation && designation.Identifier.ValueText == name))
            {
                declaration = node;
            }
        }

        return declaration is null ? null : OfDeclaration(declaration);
    }

    /// <summary>The key read by a local's declaration (a declarator with an initializer, or an <c>out</c> variable).</summary>
    public static string? OfDeclaration(SyntaxNode declaration)
    {
        switch (declaration)
        {
            case VariableDeclaratorSyntax { Initializer.Value: var value }:
                return KeyRead(value);
            case SingleVariableDesignationSyntax { Parent: DeclarationExpressionSyntax { Parent: ArgumentSyntax { Parent: ArgumentListSyntax { Parent: InvocationExpressionSyntax invocation } } } }:
                return FirstStringLiteral(invocation.ArgumentList);
            default:
                return null;
        }
    }

    /// <summary>The first key in an expression that reads one: <c>x["Key"]</c>, <c>x.Get("Key")</c>, through <c>.ToString()</c> and the like.</summary>
    private static string? KeyRead(ExpressionSyntax value)
    {
        var seen = 0;
        foreach (var node in value.DescendantNodesAndSelf())
        {
            if (++seen > MaxNodes || node is AnonymousFunctionExpressionSyntax)
            {
                return null;
            }

            switch (node)
            {
                case ElementAccessExpressionSyntax { ArgumentList.Arguments: { Count: 1 } arguments } when arguments[0].Expression is LiteralExpressionSyntax key && key.IsKind(SyntaxKind.StringLiteralExpression):
                    return key.Token.ValueText;
                case InvocationExpressionSyntax invocation when FirstStringLiteral(invocation.ArgumentList) is { } argument:
                    return argument;
            }
        }

        return null;
    }

    private static string? FirstStringLiteral(ArgumentListSyntax arguments)
    {
        foreach (var argument in arguments.Arguments)
        {
            if (argument.Expression is LiteralExpressionSyntax literal && literal.IsKind(SyntaxKind.StringLiteralExpression))
            {
                return literal.Token.ValueText;
            }
        }

        return null;
    }
}
