using System;
using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace MatCarv.Analyzers.Internals.Secrets;

/// <summary>
/// A syntax-only pre-check for <see cref="SecretEvidenceFinder"/>: when the names around a literal can be read from syntax and
/// none of them is a secret name or a sink's name, the semantic walk is skipped. Positional and attribute arguments (whose
/// parameter needs binding), collection elements, switch arms, <c>??</c> fallbacks and returns answer "maybe".
/// </summary>
internal static class SyntacticNameHint
{
    /// <summary>Method names that keep their argument's secret (mirrors the finder's list, read from syntax).</summary>
    private static readonly HashSet<string> Transparent = new(StringComparer.Ordinal)
    {
        "GetBytes", "FromBase64String", "FromHexString", "ToBase64String", "ToCharArray", "ToArray", "AsSpan", "AsMemory",
        "DecodeBytes", "Base64UrlDecode", "Decode",
    };

    public static bool MayBeSecretNamed(SyntaxNode literal, Func<string, bool> isSecretName, HashSet<string> sinkNames)
    {
        var node = literal;
        var parent = node.Parent;
        var encoded = false;
        for (var step = 0; step < 8 && parent is not null; step++)
        {
            switch (parent)
            {
                case ParenthesizedExpressionSyntax or CastExpressionSyntax or ConditionalExpressionSyntax:
                    node = parent;
                    parent = parent.Parent;
                    continue;
                case ArgumentSyntax { Parent: ArgumentListSyntax { Parent: InvocationExpressionSyntax invocation } } when Transparent.Contains(InvocationNames.Of(invocation) ?? string.Empty):
                    // Convert.ToBase64String(Encoding.UTF8.GetBytes("user:password")) is a Basic credential whatever it is called.
                    if (encoded && string.Equals(InvocationNames.Of(invocation), "ToBase64String", StringComparison.Ordinal))
                    {
                        return true;
                    }

                    encoded |= string.Equals(InvocationNames.Of(invocation), "GetBytes", StringComparison.Ordinal);
                    node = invocation;
                    parent = invocation.Parent;
                    continue;
                case MemberAccessExpressionSyntax { Parent: InvocationExpressionSyntax invocation } member when member.Expression == node && Transparent.Contains(member.Name.Identifier.ValueText):
                    node = invocation; // "…"u8.ToArray()
                    parent = invocation.Parent;
                    continue;
            }

            break;
        }

        switch (parent)
        {
            case EqualsValueClauseSyntax { Parent: VariableDeclaratorSyntax declarator }:
                return isSecretName(declarator.Identifier.ValueText);
            case EqualsValueClauseSyntax { Parent: PropertyDeclarationSyntax property }:
                return isSecretName(property.Identifier.ValueText) || sinkNames.Contains(property.Identifier.ValueText);
            case EqualsValueClauseSyntax { Parent: ParameterSyntax parameter }:
                return isSecretName(parameter.Identifier.ValueText);
            case EqualsValueClauseSyntax:
                return false;
            case AnonymousObjectMemberDeclaratorSyntax { NameEquals: { } nameEquals }:
                return isSecretName(nameEquals.Name.Identifier.ValueText);
            case AssignmentExpressionSyntax assignment when assignment.Right == node:
                if (assignment.IsKind(SyntaxKind.CoalesceAssignmentExpression) || assignment.Left is ImplicitElementAccessSyntax)
                {
                    return true; // x ??= "…"; ["key"] = "…" (key or container)
                }

                var target = NameOf(assignment.Left);
                return target is null || isSecretName(target) || sinkNames.Contains(target);
            case AssignmentExpressionSyntax:
                return false;
            case AttributeArgumentSyntax attributeArgument:
                var attributeName = attributeArgument.NameEquals?.Name.Identifier.ValueText ?? attributeArgument.NameColon?.Name.Identifier.ValueText;
                return attributeName is null || isSecretName(attributeName);
            case ArgumentSyntax argument:
                if (argument.Parent is BracketedArgumentListSyntax)
                {
                    // An indexer key: only the keys of a dictionary being initialized can be secrets.
                    return argument.Parent.Parent is ImplicitElementAccessSyntax;
                }

                return true; // the parameter (and whether it is a sink) needs binding; tuple elements need their type
            case InitializerExpressionSyntax or CollectionExpressionSyntax or ExpressionElementSyntax or SwitchExpressionArmSyntax:
                return true; // an element of a container, or a switch arm: the container's name decides
            case BinaryExpressionSyntax binary when binary.IsKind(SyntaxKind.CoalesceExpression):
                return true; // the fallback of an environment or configuration read
            case BinaryExpressionSyntax binary when binary.IsKind(SyntaxKind.EqualsExpression) || binary.IsKind(SyntaxKind.NotEqualsExpression):
                var other = NameOf(binary.Left == node ? binary.Right : binary.Left);
                return other is not null && isSecretName(other);
            case ArrowExpressionClauseSyntax { Parent: PropertyDeclarationSyntax arrowProperty }:
                return isSecretName(arrowProperty.Identifier.ValueText);
            case ArrowExpressionClauseSyntax { Parent: AccessorDeclarationSyntax { Parent.Parent: PropertyDeclarationSyntax accessorProperty } }:
                return isSecretName(accessorProperty.Identifier.ValueText);
            case ArrowExpressionClauseSyntax { Parent: MethodDeclarationSyntax arrowMethod }:
                return isSecretName(arrowMethod.Identifier.ValueText);
            case ReturnStatementSyntax ret:
                return ret.FirstAncestorOrSelf<MemberDeclarationSyntax>() switch
                {
                    PropertyDeclarationSyntax returningProperty => isSecretName(returningProperty.Identifier.ValueText),
                    MethodDeclarationSyntax returningMethod => isSecretName(returningMethod.Identifier.ValueText),
                    _ => false,
                };
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
}
