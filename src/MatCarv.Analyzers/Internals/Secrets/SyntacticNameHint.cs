using System;
using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace MatCarv.Analyzers.Internals.Secrets;

/// <summary>
/// A syntax-only pre-check for <see cref="SecretEvidenceFinder"/>: it reads the names around a literal that syntax shows
/// (declarations, assignments, keys, containers, switch arms, <c>??</c> fallbacks, returns) and answers "maybe" only when one
/// of them is a secret name or a sink's name, or when a name needs binding (a positional or attribute argument, a tuple
/// element). It mirrors the finder's walk, so that most literals, even secret-shaped ones, cost no semantic work.
/// </summary>
internal static class SyntacticNameHint
{
    /// <summary>Method names that keep their argument's secret (mirrors the finder's list, read from syntax).</summary>
    private static readonly HashSet<string> Transparent = new(StringComparer.Ordinal)
    {
        "GetBytes", "FromBase64String", "FromHexString", "ToBase64String", "ToCharArray", "ToArray", "AsSpan", "AsMemory",
        "DecodeBytes", "Base64UrlDecode", "Decode",
    };

    /// <summary>Methods that build a collection from a collection (mirrors the finder's list).</summary>
    private static readonly HashSet<string> CollectionBuilders = new(StringComparer.Ordinal)
    {
        "CreateRange", "ToImmutableDictionary", "ToFrozenDictionary", "ToDictionary", "ToImmutableArray", "ToImmutableList",
        "ToList", "ToHashSet", "ToImmutableHashSet", "ToFrozenSet", "AsReadOnly",
    };

    public static bool MayBeSecretNamed(SyntaxNode literal, Func<string, bool> isSecretName, HashSet<string> sinkNames)
    {
        var node = literal;
        var container = false;
        for (var step = 0; step < 12 && node.Parent is { } parent; step++)
        {
            switch (parent)
            {
                case ParenthesizedExpressionSyntax or CastExpressionSyntax:
                    node = parent;
                    continue;
                case ConditionalExpressionSyntax conditional when conditional.Condition != node:
                    node = parent;
                    continue;
                case ArgumentSyntax { Parent: ArgumentListSyntax { Parent: InvocationExpressionSyntax invocation } }:
                    var name = InvocationNames.Of(invocation) ?? string.Empty;
                    if (Transparent.Contains(name))
                    {
                        // Convert.ToBase64String(Encoding.UTF8.GetBytes("user:password")) is a Basic credential whatever it is called.
                        if (name == "ToBase64String" && node is InvocationExpressionSyntax inner && InvocationNames.Of(inner) == "GetBytes")
                        {
                            return true;
                        }

                        node = invocation;
                        continue;
                    }

                    if (CollectionBuilders.Contains(name))
                    {
                        node = invocation;
                        container = true;
                        continue;
                    }

                    return true; // a positional or named argument: the parameter (and whether it is a sink) needs binding
                case MemberAccessExpressionSyntax { Parent: InvocationExpressionSyntax invocation } member when member.Expression == node && Transparent.Contains(member.Name.Identifier.ValueText):
                    node = invocation; // "…"u8.ToArray()
                    continue;
                case MemberAccessExpressionSyntax { Parent: InvocationExpressionSyntax builder } member when member.Expression == node && CollectionBuilders.Contains(member.Name.Identifier.ValueText):
                    node = builder; // new Dictionary<…> { … }.ToFrozenDictionary(): the same container
                    container = true;
                    continue;
                case ArgumentSyntax { Parent: BracketedArgumentListSyntax { Parent: ImplicitElementAccessSyntax { Parent: AssignmentExpressionSyntax { Parent: InitializerExpressionSyntax keyed } } } }:
                    // A key of a dictionary being initialized: a secret only in a secret-named container.
                    node = keyed;
                    container = true;
                    continue;
                case ArgumentSyntax:
                    return true; // attribute-like, tuple element or indexer: binding decides
                case AssignmentExpressionSyntax { Left: ImplicitElementAccessSyntax element, Parent: InitializerExpressionSyntax initializer } keyedValue when keyedValue.Right == node:
                    if (SingleLiteral(element.ArgumentList) is { } key && isSecretName(key))
                    {
                        return true;
                    }

                    node = initializer;
                    container = true;
                    continue;
                case InitializerExpressionSyntax initializer:
                    if (IsSecretPreviousElement(initializer.Expressions, node, initializer.IsKind(SyntaxKind.ComplexElementInitializerExpression), isSecretName))
                    {
                        return true;
                    }

                    node = initializer;
                    container = true;
                    continue;
                case ExpressionElementSyntax { Parent: CollectionExpressionSyntax collection } element:
                    if (IsSecretFlag(collection, element, isSecretName))
                    {
                        return true;
                    }

                    node = collection;
                    container = true;
                    continue;
                case BaseObjectCreationExpressionSyntax or ArrayCreationExpressionSyntax or ImplicitArrayCreationExpressionSyntax or CollectionExpressionSyntax:
                    node = parent;
                    continue;
                case SwitchExpressionArmSyntax arm when arm.Expression == node:
                    node = arm.Parent!;
                    container = true;
                    continue;
                case BinaryExpressionSyntax coalesce when coalesce.IsKind(SyntaxKind.CoalesceExpression) && coalesce.Right == node:
                    if (FallbackName(coalesce.Left) is { } fallback && isSecretName(fallback))
                    {
                        return true;
                    }

                    node = parent;
                    continue;
            }

            return IsNamedSecret(node, parent, isSecretName, sinkNames, container);
        }

        return false;
    }

    /// <summary>The name the expression <paramref name="node"/> is given by <paramref name="parent"/>.</summary>
    private static bool IsNamedSecret(SyntaxNode node, SyntaxNode parent, Func<string, bool> isSecretName, HashSet<string> sinkNames, bool container)
    {
        switch (parent)
        {
            case EqualsValueClauseSyntax { Parent: VariableDeclaratorSyntax declarator }:
                return isSecretName(declarator.Identifier.ValueText);
            case EqualsValueClauseSyntax { Parent: PropertyDeclarationSyntax property }:
                return isSecretName(property.Identifier.ValueText) || (!container && sinkNames.Contains(property.Identifier.ValueText));
            case EqualsValueClauseSyntax { Parent: ParameterSyntax parameter }:
                return isSecretName(parameter.Identifier.ValueText);
            case AnonymousObjectMemberDeclaratorSyntax { NameEquals: { } nameEquals }:
                return isSecretName(nameEquals.Name.Identifier.ValueText);
            case AssignmentExpressionSyntax assignment when assignment.Right == node:
                if (assignment.IsKind(SyntaxKind.CoalesceAssignmentExpression))
                {
                    return true;
                }

                var target = NameOf(assignment.Left);
                return target is null || isSecretName(target) || (!container && sinkNames.Contains(target));
            case AttributeArgumentSyntax attributeArgument:
                var attributeName = attributeArgument.NameEquals?.Name.Identifier.ValueText ?? attributeArgument.NameColon?.Name.Identifier.ValueText;
                return attributeName is null || isSecretName(attributeName);
            case BinaryExpressionSyntax binary when !container && (binary.IsKind(SyntaxKind.EqualsExpression) || binary.IsKind(SyntaxKind.NotEqualsExpression)):
                var operand = binary.Left == node ? binary.Right : binary.Left;
                var other = NameOf(operand);
                return (other is not null && isSecretName(other)) ||
                       (operand is IdentifierNameSyntax local && LocalSourceKey.Of(local) is { } key && isSecretName(key));
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

    /// <summary>{ "partner", "…" } under a secret key, or a command-line option before the value ({ "--db-password", "…" }).</summary>
    private static bool IsSecretPreviousElement(SeparatedSyntaxList<ExpressionSyntax> elements, SyntaxNode node, bool keyValue, Func<string, bool> isSecretName)
    {
        var index = elements.IndexOf((ExpressionSyntax)node);
        if (index <= 0 || elements[index - 1] is not LiteralExpressionSyntax previous || !previous.IsKind(SyntaxKind.StringLiteralExpression))
        {
            return false;
        }

        var text = previous.Token.ValueText;
        return keyValue ? isSecretName(text) : text.Length > 2 && text[0] == '-' && isSecretName(text.TrimStart('-'));
    }

    private static bool IsSecretFlag(CollectionExpressionSyntax collection, ExpressionElementSyntax element, Func<string, bool> isSecretName)
    {
        var index = collection.Elements.IndexOf(element);
        return index > 0 && collection.Elements[index - 1] is ExpressionElementSyntax { Expression: LiteralExpressionSyntax previous } &&
               previous.Token.ValueText is { Length: > 2 } text && text[0] == '-' && isSecretName(text.TrimStart('-'));
    }

    /// <summary>The name a <c>??</c> stands in for: GetEnvironmentVariable("X"), configuration["X"], a variable or member.</summary>
    private static string? FallbackName(ExpressionSyntax left) => left switch
    {
        InvocationExpressionSyntax invocation => FirstStringLiteral(invocation.ArgumentList),
        ElementAccessExpressionSyntax element => SingleLiteral(element.ArgumentList),
        _ => NameOf(left),
    };

    private static string? FirstStringLiteral(BaseArgumentListSyntax arguments)
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
