using System;
using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace MatCarv.Analyzers.Internals.Secrets;

/// <summary>
/// Finds what says a constant string is a secret, walking up from the literal: the local, field, property or parameter it
/// initializes or is assigned to (object initializers, anonymous types and attribute arguments included), the parameter it is
/// passed to and whether that parameter is a known sink (<see cref="SecretSinks"/>), the dictionary key or header name
/// before it, the variable it is compared with, the property or method that returns it, the tuple element it fills; through
/// transformations that keep it a secret (<c>Encoding.GetBytes</c>, <c>Convert.FromBase64String</c>, <c>ToBase64String</c>),
/// through <c>??</c> (the environment variable or configuration key it stands in for), conditionals, switch arms and
/// collection elements up to the container that holds them. Operation-local, and only called for literals whose value
/// already looks like a secret.
/// </summary>
internal static class SecretEvidenceFinder
{
    private const int MaxSteps = 10;

    /// <summary>Methods whose result carries their argument's secret (bytes of it, base64 of it, its characters).</summary>
    private static readonly HashSet<string> Transparent = new(StringComparer.Ordinal)
    {
        "GetBytes", "FromBase64String", "FromHexString", "ToBase64String", "ToCharArray", "ToArray", "AsSpan", "AsMemory",
        "DecodeBytes", "Base64UrlDecode", "Decode",
    };

    /// <summary>Methods that build a collection from a collection: the result is the same container.</summary>
    private static readonly HashSet<string> CollectionBuilders = new(StringComparer.Ordinal)
    {
        "CreateRange", "ToImmutableDictionary", "ToFrozenDictionary", "ToDictionary", "ToImmutableArray", "ToImmutableList",
        "ToList", "ToHashSet", "ToImmutableHashSet", "ToFrozenSet", "AsReadOnly",
    };

    /// <summary>Adds the evidence found for <paramref name="literal"/>; returns false when the value goes to a local development container (Testcontainers).</summary>
    public static bool Find(IOperation literal, ISymbol? containingSymbol, SecretSinks sinks, List<SecretEvidence> results)
    {
        IOperation value = literal;
        var throughContainer = false;
        var bytes = false;
        for (var step = 0; step < MaxSteps; step++)
        {
            var parent = value.Parent;
            while (parent is IConversionOperation or IParenthesizedOperation)
            {
                value = parent;
                parent = parent.Parent;
            }

            var source = throughContainer ? EvidenceSource.Container : EvidenceSource.Name;
            switch (parent)
            {
                case IArgumentOperation argument:
                    var next = FromArgument(argument, source, sinks, results, ref bytes, ref throughContainer, out var local);
                    if (local)
                    {
                        return false;
                    }

                    if (next is null)
                    {
                        return true;
                    }

                    value = next;
                    continue;
                case IInvocationOperation invocation when invocation.Instance == value && Transparent.Contains(invocation.TargetMethod.Name):
                    value = invocation; // "…"u8.ToArray(), "…".ToCharArray()
                    continue;
                case IInvocationOperation builder when builder.Instance == value && CollectionBuilders.Contains(builder.TargetMethod.Name):
                    value = builder; // new List<string> { … }.AsReadOnly(): the same container
                    throughContainer = true;
                    continue;
                case IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator }:
                    results.Add(new SecretEvidence(source, declarator.Symbol.Name));
                    return true;
                case IFieldInitializerOperation fieldInitializer:
                    foreach (var field in fieldInitializer.InitializedFields)
                    {
                        results.Add(new SecretEvidence(source, field.Name, isAmazonApi: SecretSymbols.IsUnderRootNamespace(field, "Amazon")));
                    }

                    return true;
                case IPropertyInitializerOperation propertyInitializer:
                    foreach (var property in propertyInitializer.InitializedProperties)
                    {
                        AddProperty(property, source, sinks, results);
                    }

                    return true;
                case IParameterInitializerOperation parameterInitializer:
                    results.Add(new SecretEvidence(source, parameterInitializer.Parameter.Name));
                    return true;
                case ISimpleAssignmentOperation assignment when assignment.Value == value:
                    // ["ApiKey"] = "…" inside an object initializer: the key names it, and the dictionary contains it.
                    if (assignment.Target is IPropertyReferenceOperation { Property.IsIndexer: true, Instance: IInstanceReferenceOperation } &&
                        assignment.Parent is IObjectOrCollectionInitializerOperation { Parent: { } owner })
                    {
                        AddTarget(assignment.Target, source, sinks, results);
                        value = owner;
                        throughContainer = true;
                        continue;
                    }

                    AddTarget(assignment.Target, source, sinks, results);
                    return true;
                case ICoalesceAssignmentOperation coalesceAssignment when coalesceAssignment.Value == value:
                    AddTarget(coalesceAssignment.Target, source, sinks, results);
                    return true;
                case ICoalesceOperation coalesce when coalesce.WhenNull == value:
                    // Environment.GetEnvironmentVariable("DB_PASSWORD") ?? "…": the fallback is the secret the variable names.
                    var fallback = FallbackName(coalesce.Value);
                    if (fallback is not null)
                    {
                        results.Add(new SecretEvidence(EvidenceSource.Fallback, fallback));
                    }

                    value = coalesce;
                    continue;
                case IConditionalOperation conditional when conditional.Condition != value:
                    value = conditional;
                    continue;
                case ISwitchExpressionArmOperation arm when arm.Value == value && arm.Parent is ISwitchExpressionOperation switchExpression:
                    value = switchExpression;
                    throughContainer = true;
                    continue;
                case IArrayInitializerOperation initializer:
                    AddPreviousFlag(initializer.ElementValues, value, results);
                    value = initializer.Parent is IArrayCreationOperation creation ? creation : initializer;
                    throughContainer = true;
                    continue;
                case IArrayCreationOperation arrayCreation when arrayCreation.Initializer is not null:
                    value = arrayCreation;
                    throughContainer = true;
                    continue;
                case ICollectionExpressionOperation collection:
                    AddPreviousFlag(collection.Elements, value, results);
                    value = collection;
                    throughContainer = true;
                    continue;
                case IBinaryOperation { OperatorKind: BinaryOperatorKind.Equals or BinaryOperatorKind.NotEquals } binary:
                    var operand = binary.LeftOperand == value ? binary.RightOperand : binary.LeftOperand;
                    var other = GetComparedName(operand);
                    if (other is not null)
                    {
                        results.Add(new SecretEvidence(source, other));
                    }

                    AddLocalSourceKey(operand, source, results);
                    return true;
                case IReturnOperation:
                    if (containingSymbol is IMethodSymbol { MethodKind: MethodKind.PropertyGet, AssociatedSymbol: IPropertySymbol returned })
                    {
                        AddProperty(returned, source, sinks, results);
                    }
                    else if (containingSymbol is IMethodSymbol { MethodKind: MethodKind.Ordinary } method)
                    {
                        results.Add(new SecretEvidence(source, method.Name));
                    }

                    return true;
                case ITupleOperation tuple:
                    var index = tuple.Elements.IndexOf(value);
                    var tupleType = (tuple.Parent as IConversionOperation)?.Type ?? tuple.Type;
                    if (index >= 0 && tupleType is INamedTypeSymbol { IsTupleType: true } named && index < named.TupleElements.Length &&
                        !named.TupleElements[index].IsImplicitlyDeclared)
                    {
                        results.Add(new SecretEvidence(source, named.TupleElements[index].Name));
                    }

                    return true;
                default:
                    return true;
            }
        }

        return true;
    }

    /// <summary>
    /// Evidence from an argument. Returns the operation to keep walking from (through a transformation, a collection builder
    /// or a collection initializer), or null to stop.
    /// </summary>
    private static IOperation? FromArgument(IArgumentOperation argument, EvidenceSource source, SecretSinks sinks, List<SecretEvidence> results, ref bool bytes, ref bool throughContainer, out bool local)
    {
        local = false;
        switch (argument.Parent)
        {
            // An indexer argument is a key. Only the keys of a dictionary being initialized can be secrets (ApiKeys = { ["<key>"] = "client" }).
            case IPropertyReferenceOperation { Property.IsIndexer: true, Instance: IInstanceReferenceOperation } indexer
                when indexer.Parent is ISimpleAssignmentOperation { Parent: IObjectOrCollectionInitializerOperation { Parent: { } owner } } assignment && assignment.Target == indexer:
                throughContainer = true;
                return owner;
            case IPropertyReferenceOperation:
                return null;
            case IInvocationOperation invocation:
                var method = invocation.TargetMethod;
                if (Transparent.Contains(method.Name) && invocation.Arguments.Length <= 3)
                {
                    if (string.Equals(method.Name, "GetBytes", StringComparison.Ordinal))
                    {
                        bytes = true;
                    }
                    else if (string.Equals(method.Name, "ToBase64String", StringComparison.Ordinal) && bytes)
                    {
                        results.Add(new SecretEvidence(EvidenceSource.BasicCredential, "Basic credential"));
                    }

                    return invocation;
                }

                if (CollectionBuilders.Contains(method.Name))
                {
                    throughContainer = true;
                    return invocation;
                }

                // { "partner", "…" } in a collection initializer: the key names it, and the dictionary contains it.
                if (invocation.Instance is IInstanceReferenceOperation && invocation.Parent is IObjectOrCollectionInitializerOperation { Parent: { } collection })
                {
                    AddPreviousKey(invocation.Arguments, argument, source, results);
                    throughContainer = true;
                    return collection;
                }

                if (SecretSymbols.IsUnderRootNamespace(method, "Testcontainers") || SecretSymbols.IsUnderRootNamespace(method, "DotNet"))
                {
                    local = true; // new PostgreSqlBuilder().WithPassword("…"): a throw-away container
                    return null;
                }

                if (string.Equals(method.Name, "Equals", StringComparison.Ordinal))
                {
                    AddComparedName(invocation, argument, source, results);
                    return null;
                }

                AddParameter(argument, invocation.Arguments, source, sinks, results);
                return null;
            case IObjectCreationOperation creation:
                AddParameter(argument, creation.Arguments, source, sinks, results);
                return null;
            default:
                if (argument.Parameter is not null && argument.ArgumentKind == ArgumentKind.Explicit)
                {
                    results.Add(new SecretEvidence(source, argument.Parameter.Name));
                }

                return null;
        }
    }

    private static void AddParameter(IArgumentOperation argument, System.Collections.Immutable.ImmutableArray<IArgumentOperation> arguments, EvidenceSource source, SecretSinks sinks, List<SecretEvidence> results)
    {
        var parameter = argument.Parameter;
        if (parameter is not null && argument.ArgumentKind == ArgumentKind.Explicit)
        {
            var isAmazon = SecretSymbols.IsUnderRootNamespace(parameter.ContainingSymbol, "Amazon");
            results.Add(new SecretEvidence(source, parameter.Name, isAmazonApi: isAmazon));
            var sink = sinks.Find(parameter);
            if (sink != SinkKind.None)
            {
                results.Add(new SecretEvidence(EvidenceSource.Sink, parameter.Name, sink, isAmazon, sink == SinkKind.Authorization ? SchemeArgument(arguments) : null));
            }
        }

        AddPreviousKey(arguments, argument, source, results);
    }

    /// <summary>A key/value pair: the constant just before the value names it (<c>Add("X-Api-Key", "…")</c>, <c>new KeyValuePair("password", "…")</c>).</summary>
    private static void AddPreviousKey(System.Collections.Immutable.ImmutableArray<IArgumentOperation> arguments, IArgumentOperation argument, EvidenceSource source, List<SecretEvidence> results)
    {
        var index = arguments.IndexOf(argument);
        if (index > 0 && arguments[index - 1].ArgumentKind == ArgumentKind.Explicit && argument.ArgumentKind == ArgumentKind.Explicit)
        {
            var key = NamedStringValues.GetConstantString(arguments[index - 1].Value);
            if (key is not null && key.Length is > 0 and <= 128 && !SecretValueClassifier.ContainsWhitespace(key))
            {
                results.Add(new SecretEvidence(source, key));
            }
        }
    }

    /// <summary>Command-line arguments: { "--db-password", "…" } — the option before the value names it.</summary>
    private static void AddPreviousFlag(System.Collections.Immutable.ImmutableArray<IOperation> elements, IOperation value, List<SecretEvidence> results)
    {
        var index = elements.IndexOf(value);
        if (index > 0 && NamedStringValues.GetConstantString(elements[index - 1]) is { Length: > 2 } option && option[0] == '-' &&
            !SecretValueClassifier.ContainsWhitespace(option))
        {
            results.Add(new SecretEvidence(EvidenceSource.Name, option.TrimStart('-')));
        }
    }

    /// <summary>password.Equals("…"), string.Equals(password, "…").</summary>
    private static void AddComparedName(IInvocationOperation equals, IArgumentOperation argument, EvidenceSource source, List<SecretEvidence> results)
    {
        var compared = equals.Instance is not null ? GetComparedName(equals.Instance) : null;
        foreach (var other in equals.Arguments)
        {
            compared ??= other != argument ? GetComparedName(other.Value) : null;
        }

        if (compared is not null)
        {
            results.Add(new SecretEvidence(source, compared));
        }

        if (equals.Instance is not null)
        {
            AddLocalSourceKey(equals.Instance, source, results);
        }

        foreach (var other in equals.Arguments)
        {
            if (other != argument)
            {
                AddLocalSourceKey(other.Value, source, results);
            }
        }
    }

    /// <summary>A local compared with the literal names what it was read with: <c>supplied == "…"</c> after <c>supplied = Headers["X-Admin-Token"]</c>.</summary>
    private static void AddLocalSourceKey(IOperation operand, EvidenceSource source, List<SecretEvidence> results)
    {
        while (operand is IConversionOperation conversion)
        {
            operand = conversion.Operand;
        }

        if (operand is ILocalReferenceOperation { Local.DeclaringSyntaxReferences: { Length: 1 } references } &&
            LocalSourceKey.OfDeclaration(references[0].GetSyntax()) is { } key)
        {
            results.Add(new SecretEvidence(source, key));
        }
    }

    private static string? SchemeArgument(System.Collections.Immutable.ImmutableArray<IArgumentOperation> arguments)
    {
        foreach (var argument in arguments)
        {
            if (argument.Parameter is { Name: "scheme" })
            {
                return NamedStringValues.GetConstantString(argument.Value);
            }
        }

        return null;
    }

    private static void AddProperty(IPropertySymbol property, EvidenceSource source, SecretSinks sinks, List<SecretEvidence> results)
    {
        var isAmazon = SecretSymbols.IsUnderRootNamespace(property, "Amazon");
        results.Add(new SecretEvidence(source, property.Name, isAmazonApi: isAmazon));
        var sink = sinks.Find(property);
        if (sink != SinkKind.None)
        {
            results.Add(new SecretEvidence(EvidenceSource.Sink, property.Name, sink, isAmazon));
        }
    }

    private static void AddTarget(IOperation target, EvidenceSource source, SecretSinks sinks, List<SecretEvidence> results)
    {
        switch (target)
        {
            case IPropertyReferenceOperation { Property.IsIndexer: false } property:
                AddProperty(property.Property, source, sinks, results);
                break;
            case IFieldReferenceOperation field:
                results.Add(new SecretEvidence(source, field.Field.Name, isAmazonApi: SecretSymbols.IsUnderRootNamespace(field.Field, "Amazon")));
                break;
            default:
                var name = GetName(target);
                if (name is not null)
                {
                    results.Add(new SecretEvidence(source, name));
                }

                break;
        }
    }

    /// <summary>The name a <c>??</c> stands in for: an environment variable, a configuration key, or a variable/member.</summary>
    private static string? FallbackName(IOperation operation)
    {
        while (operation is IConversionOperation conversion)
        {
            operation = conversion.Operand;
        }

        switch (operation)
        {
            case IInvocationOperation { Arguments.Length: > 0 } invocation:
                // GetEnvironmentVariable("X"), GetValue<string>("X"), GetConnectionString("X"): the key argument.
                foreach (var argument in invocation.Arguments)
                {
                    if (argument.Parameter is { Type.SpecialType: SpecialType.System_String } && NamedStringValues.GetConstantString(argument.Value) is { } key)
                    {
                        return key;
                    }
                }

                return null;
            case IPropertyReferenceOperation { Property.IsIndexer: true, Arguments.Length: 1 } indexer:
                return NamedStringValues.GetConstantString(indexer.Arguments[0].Value);
            default:
                return GetName(operation);
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
}
