using System;
using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace MatCarv.Analyzers.Internals;

/// <summary>
/// Pairs constant strings with the names they are given: locals, fields, properties (initializers, assignments,
/// object initializers, anonymous types, getters), parameters (defaults and arguments, named or positional),
/// dictionary keys (indexers, <c>Add("key", "value")</c>, <c>new KeyValuePair("key", "value")</c>) and comparisons.
/// Operation-local only: no data flow.
/// </summary>
internal static class NamedStringValues
{
    public static readonly OperationKind[] Kinds =
    {
        OperationKind.VariableDeclarator,
        OperationKind.FieldInitializer,
        OperationKind.PropertyInitializer,
        OperationKind.ParameterInitializer,
        OperationKind.SimpleAssignment,
        OperationKind.Argument,
        OperationKind.Invocation,
        OperationKind.ObjectCreation,
        OperationKind.Binary,
        OperationKind.Return,
    };

    public static void Collect(IOperation operation, ISymbol containingSymbol, List<NamedStringValue> results)
    {
        switch (operation)
        {
            case IVariableDeclaratorOperation declarator when declarator.Initializer is not null:
                Add(declarator.Symbol.Name, declarator.Initializer.Value, false, results);
                break;
            case IFieldInitializerOperation fieldInitializer:
                foreach (var field in fieldInitializer.InitializedFields)
                {
                    Add(field.Name, fieldInitializer.Value, false, results);
                }

                break;
            case IPropertyInitializerOperation propertyInitializer:
                foreach (var property in propertyInitializer.InitializedProperties)
                {
                    Add(property.Name, propertyInitializer.Value, false, results);
                }

                break;
            case IParameterInitializerOperation parameterInitializer:
                Add(parameterInitializer.Parameter.Name, parameterInitializer.Value, false, results);
                break;
            case ISimpleAssignmentOperation assignment:
                var targetName = GetName(assignment.Target);
                if (targetName is not null)
                {
                    Add(targetName, assignment.Value, IsAmazon(assignment.Target), results);
                }

                break;
            case IArgumentOperation argument when argument.Parameter is not null && argument.ArgumentKind != ArgumentKind.ParamArray:
                // Indexer arguments are keys, not values.
                if (argument.Parent is not IPropertyReferenceOperation)
                {
                    Add(argument.Parameter.Name, argument.Value, IsAmazon(argument.Parameter.ContainingSymbol), results);
                }

                break;
            case IInvocationOperation invocation:
                CollectKeyValueArguments(invocation.Arguments, results);
                CollectEqualsCall(invocation, results);
                break;
            case IObjectCreationOperation creation:
                CollectKeyValueArguments(creation.Arguments, results);
                break;
            case IBinaryOperation binary when binary.OperatorKind is BinaryOperatorKind.Equals or BinaryOperatorKind.NotEquals:
                CollectComparison(binary.LeftOperand, binary.RightOperand, results);
                CollectComparison(binary.RightOperand, binary.LeftOperand, results);
                break;
            case IReturnOperation ret when ret.ReturnedValue is not null &&
                                           containingSymbol is IMethodSymbol { MethodKind: MethodKind.PropertyGet, AssociatedSymbol: IPropertySymbol property }:
                Add(property.Name, ret.ReturnedValue, false, results);
                break;
        }
    }

    /// <summary>The constant string of an operation, including UTF-8 literals (<c>"…"u8</c>, which have no constant value).</summary>
    public static string? GetConstantString(IOperation value)
    {
        while (value is IConversionOperation conversion)
        {
            value = conversion.Operand;
        }

        if (value.ConstantValue.HasValue)
        {
            return value.ConstantValue.Value as string;
        }

        if (value.Syntax is LiteralExpressionSyntax literal && literal.IsKind(SyntaxKind.Utf8StringLiteralExpression))
        {
            return literal.Token.ValueText;
        }

        return null;
    }

    private static void Add(string name, IOperation value, bool isAmazon, List<NamedStringValue> results)
    {
        var text = GetConstantString(value);
        if (text is not null && text.Length > 0 && name.Length > 0)
        {
            results.Add(new NamedStringValue(name, text, value.Syntax, isAmazon));
        }
    }

    private static string? GetName(IOperation target)
    {
        switch (target)
        {
            case ILocalReferenceOperation local:
                return local.Local.Name;
            case IParameterReferenceOperation parameter:
                return parameter.Parameter.Name;
            case IFieldReferenceOperation field:
                return field.Field.Name;
            case IPropertyReferenceOperation property when property.Property.IsIndexer:
                // dict["db_password"] = "…", new Dictionary<string, string> { ["ApiKey"] = "…" }.
                return property.Arguments.Length == 1 ? GetConstantString(property.Arguments[0].Value) : null;
            case IPropertyReferenceOperation property:
                return property.Property.Name;
            default:
                return null;
        }
    }

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

    /// <summary><c>Add("password", "…")</c>, <c>new KeyValuePair&lt;string, string&gt;("ApiKey", "…")</c>, <c>SetEnvironmentVariable("DB_PASSWORD", "…")</c>.</summary>
    private static void CollectKeyValueArguments(IEnumerable<IArgumentOperation> arguments, List<NamedStringValue> results)
    {
        IArgumentOperation? previous = null;
        foreach (var argument in arguments)
        {
            if (previous is not null && argument.ArgumentKind == ArgumentKind.Explicit && previous.ArgumentKind == ArgumentKind.Explicit)
            {
                var key = GetConstantString(previous.Value);
                if (key is not null && key.Length is > 0 and <= 128 && !SecretValueClassifier.ContainsWhitespace(key))
                {
                    Add(key, argument.Value, false, results);
                }
            }

            previous = argument;
        }
    }

    /// <summary><c>password.Equals("…")</c> and <c>string.Equals(password, "…")</c>.</summary>
    private static void CollectEqualsCall(IInvocationOperation invocation, List<NamedStringValue> results)
    {
        if (!string.Equals(invocation.TargetMethod.Name, "Equals", StringComparison.Ordinal) || invocation.Arguments.Length == 0)
        {
            return;
        }

        if (invocation.Instance is not null)
        {
            CollectComparison(invocation.Instance, invocation.Arguments[0].Value, results);
        }
        else if (invocation.Arguments.Length >= 2)
        {
            CollectComparison(invocation.Arguments[0].Value, invocation.Arguments[1].Value, results);
            CollectComparison(invocation.Arguments[1].Value, invocation.Arguments[0].Value, results);
        }
    }

    private static void CollectComparison(IOperation named, IOperation value, List<NamedStringValue> results)
    {
        while (named is IConversionOperation conversion)
        {
            named = conversion.Operand;
        }

        var name = named is IPropertyReferenceOperation { Property.IsIndexer: true } ? null : GetName(named);
        if (name is not null)
        {
            Add(name, value, false, results);
        }
    }
}
