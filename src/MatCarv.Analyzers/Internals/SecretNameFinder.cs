using System;
using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace MatCarv.Analyzers.Internals;

/// <summary>
/// Finds the names a constant string is given, starting from the literal and walking up its parents: the local, field,
/// property or parameter it initializes or is assigned to (object initializers and anonymous types included), the
/// parameter it is passed to (named or positional), the dictionary key before it (<c>Add("password", "…")</c>,
/// <c>["ApiKey"] = "…"</c>, <c>new KeyValuePair("token", "…")</c>), the variable it is compared with, the property whose
/// getter returns it. Operation-local only, and only called for literals whose value already looks like a secret, so
/// the common case costs no semantic work at all.
/// </summary>
internal static class SecretNameFinder
{
    public static void Find(IOperation literal, ISymbol? containingSymbol, List<NamedStringValue> results)
    {
        var text = NamedStringValues.GetConstantString(literal);
        if (text is null)
        {
            return;
        }

        var value = literal;
        var parent = literal.Parent;
        while (parent is IConversionOperation or IParenthesizedOperation)
        {
            value = parent;
            parent = parent.Parent;
        }

        switch (parent)
        {
            case IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator }:
                results.Add(new NamedStringValue(declarator.Symbol.Name, text, literal.Syntax, false));
                break;
            case IFieldInitializerOperation fieldInitializer:
                foreach (var field in fieldInitializer.InitializedFields)
                {
                    results.Add(new NamedStringValue(field.Name, text, literal.Syntax, IsAmazon(field)));
                }

                break;
            case IPropertyInitializerOperation propertyInitializer:
                foreach (var property in propertyInitializer.InitializedProperties)
                {
                    results.Add(new NamedStringValue(property.Name, text, literal.Syntax, IsAmazon(property)));
                }

                break;
            case IParameterInitializerOperation parameterInitializer:
                results.Add(new NamedStringValue(parameterInitializer.Parameter.Name, text, literal.Syntax, false));
                break;
            case ISimpleAssignmentOperation assignment when assignment.Value == value:
                var target = GetName(assignment.Target);
                if (target is not null)
                {
                    results.Add(new NamedStringValue(target, text, literal.Syntax, IsAmazon(assignment.Target)));
                }

                break;
            case IArgumentOperation argument:
                FromArgument(argument, text, literal.Syntax, results);
                break;
            case IBinaryOperation { OperatorKind: BinaryOperatorKind.Equals or BinaryOperatorKind.NotEquals } binary:
                var other = GetComparedName(binary.LeftOperand == value ? binary.RightOperand : binary.LeftOperand);
                if (other is not null)
                {
                    results.Add(new NamedStringValue(other, text, literal.Syntax, false));
                }

                break;
            case IReturnOperation when containingSymbol is IMethodSymbol { MethodKind: MethodKind.PropertyGet, AssociatedSymbol: IPropertySymbol property }:
                results.Add(new NamedStringValue(property.Name, text, literal.Syntax, false));
                break;
        }
    }

    private static void FromArgument(IArgumentOperation argument, string text, SyntaxNode syntax, List<NamedStringValue> results)
    {
        // Indexer arguments are keys, not values.
        if (argument.Parent is IPropertyReferenceOperation)
        {
            return;
        }

        if (argument.Parameter is not null && argument.ArgumentKind == ArgumentKind.Explicit)
        {
            results.Add(new NamedStringValue(argument.Parameter.Name, text, syntax, IsAmazon(argument.Parameter.ContainingSymbol)));
        }

        var arguments = argument.Parent switch
        {
            IInvocationOperation invocation => invocation.Arguments,
            IObjectCreationOperation creation => creation.Arguments,
            _ => default,
        };
        if (arguments.IsDefaultOrEmpty)
        {
            return;
        }

        // password.Equals("…"), string.Equals(password, "…").
        if (argument.Parent is IInvocationOperation { TargetMethod.Name: "Equals" } equals)
        {
            var compared = equals.Instance is not null ? GetComparedName(equals.Instance) : null;
            foreach (var other in arguments)
            {
                compared ??= other != argument ? GetComparedName(other.Value) : null;
            }

            if (compared is not null)
            {
                results.Add(new NamedStringValue(compared, text, syntax, false));
            }

            return;
        }

        // A key/value pair: the constant just before the value names it.
        var index = arguments.IndexOf(argument);
        if (index > 0 && arguments[index - 1].ArgumentKind == ArgumentKind.Explicit && argument.ArgumentKind == ArgumentKind.Explicit)
        {
            var key = NamedStringValues.GetConstantString(arguments[index - 1].Value);
            if (key is not null && key.Length is > 0 and <= 128 && !SecretValueClassifier.ContainsWhitespace(key))
            {
                results.Add(new NamedStringValue(key, text, syntax, false));
            }
        }
    }

    private static string? GetComparedName(IOperation operation)
    {
        while (operation is IConversionOperation conversion)
        {
            operation = conversion.Operand;
        }

        return operation is IPropertyReferenceOperation { Property.IsIndexer: true } ? null : GetName(operation);
    }

    private static string? GetName(IOperation target) => target switch
    {
        ILocalReferenceOperation local => local.Local.Name,
        IParameterReferenceOperation parameter => parameter.Parameter.Name,
        IFieldReferenceOperation field => field.Field.Name,
        // dict["db_password"] = "…", new Dictionary<string, string> { ["ApiKey"] = "…" }.
        IPropertyReferenceOperation { Property.IsIndexer: true } indexer =>
            indexer.Arguments.Length == 1 ? NamedStringValues.GetConstantString(indexer.Arguments[0].Value) : null,
        IPropertyReferenceOperation property => property.Property.Name,
        _ => null,
    };

    private static bool IsAmazon(IOperation target) => target switch
    {
        IPropertyReferenceOperation property => IsAmazon(property.Property),
        IFieldReferenceOperation field => IsAmazon(field.Field),
        _ => false,
    };

    private static bool IsAmazon(ISymbol symbol)
    {
        var ns = symbol.ContainingNamespace;
        while (ns is { IsGlobalNamespace: false })
        {
            if (ns.ContainingNamespace is { IsGlobalNamespace: true })
            {
                return string.Equals(ns.Name, "Amazon", StringComparison.Ordinal);
            }

            ns = ns.ContainingNamespace;
        }

        return false;
    }
}
