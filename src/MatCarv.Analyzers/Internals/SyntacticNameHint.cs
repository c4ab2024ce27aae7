using System;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace MatCarv.Analyzers.Internals;

/// <summary>
/// A syntax-only pre-check for <see cref="SecretNameFinder"/>: when the names around a literal can be read from syntax and
/// none of them is a secret name, the semantic walk is skipped. Positional arguments (whose parameter name needs binding)
/// and unusual targets answer "unknown", which means: do the semantic walk.
/// </summary>
internal static class SyntacticNameHint
{
    public static bool MayBeSecretNamed(SyntaxNode literal, Func<string, bool> isSecretName)
    {
        var node = literal;
        var parent = node.Parent;
        while (parent is ParenthesizedExpressionSyntax or CastExpressionSyntax)
        {
            node = parent;
            parent = parent.Parent;
        }

        switch (parent)
        {
            case EqualsValueClauseSyntax { Parent: VariableDeclaratorSyntax declarator }:
                return isSecretName(declarator.Identifier.ValueText);
            case EqualsValueClauseSyntax { Parent: PropertyDeclarationSyntax property }:
                return isSecretName(property.Identifier.ValueText);
            case EqualsValueClauseSyntax { Parent: ParameterSyntax parameter }:
                return isSecretName(parameter.Identifier.ValueText);
            case EqualsValueClauseSyntax:
                return false;
            case AnonymousObjectMemberDeclaratorSyntax { NameEquals: { } nameEquals }:
                return isSecretName(nameEquals.Name.Identifier.ValueText);
            case AssignmentExpressionSyntax assignment when assignment.Right == node:
                var target = NameOf(assignment.Left);
                return target is null || isSecretName(target);
            case ArgumentSyntax argument:
                if (argument.Parent is BracketedArgumentListSyntax)
                {
                    return false; // an indexer key, not a value
                }

                if (argument.NameColon is not null && isSecretName(argument.NameColon.Name.Identifier.ValueText))
                {
                    return true;
                }

                var key = PreviousLiteral(argument);
                if (key is not null && isSecretName(key))
                {
                    return true;
                }

                return argument.NameColon is null; // positional: the parameter name needs binding
            case InitializerExpressionSyntax initializer when initializer.IsKind(SyntaxKind.ComplexElementInitializerExpression):
                var index = initializer.Expressions.IndexOf((ExpressionSyntax)node);
                return index > 0 && initializer.Expressions[index - 1] is LiteralExpressionSyntax keyLiteral && isSecretName(keyLiteral.Token.ValueText);
            case BinaryExpressionSyntax binary when binary.IsKind(SyntaxKind.EqualsExpression) || binary.IsKind(SyntaxKind.NotEqualsExpression):
                var other = NameOf(binary.Left == node ? binary.Right : binary.Left);
                return other is not null && isSecretName(other);
            case ArrowExpressionClauseSyntax { Parent: PropertyDeclarationSyntax arrowProperty }:
                return isSecretName(arrowProperty.Identifier.ValueText);
            case ArrowExpressionClauseSyntax { Parent: AccessorDeclarationSyntax { Parent.Parent: PropertyDeclarationSyntax accessorProperty } }:
                return isSecretName(accessorProperty.Identifier.ValueText);
            case ReturnStatementSyntax ret:
                return ret.FirstAncestorOrSelf<PropertyDeclarationSyntax>() is { } returningProperty && isSecretName(returningProperty.Identifier.ValueText);
            default:
                return false;
        }
    }

    /// <summary>The name an expression stands for, or null when it cannot be read from syntax.</summary>
    private static string? NameOf(ExpressionSyntax expression) => expression switch
    {
        IdentifierNameSyntax identifier => identifier.Identifier.ValueText,
        MemberAccessExpressionSyntax member => member.Name.Identifier.ValueText,
        ElementAccessExpressionSyntax element => SingleLiteral(element.ArgumentList),
        ImplicitElementAccessSyntax implicitElement => SingleLiteral(implicitElement.ArgumentList),
        _ => null,
    };

    private static string? SingleLiteral(BracketedArgumentListSyntax list) =>
        list.Arguments.Count == 1 && list.Arguments[0].Expression is LiteralExpressionSyntax key ? key.Token.ValueText : null;

    private static string? PreviousLiteral(ArgumentSyntax argument)
    {
        if (argument.Parent is not BaseArgumentListSyntax list)
        {
            return null;
        }

        var index = list.Arguments.IndexOf(argument);
        return index > 0 && list.Arguments[index - 1].Expression is LiteralExpressionSyntax literal && literal.IsKind(SyntaxKind.StringLiteralExpression)
            ? literal.Token.ValueText
            : null;
    }
}
