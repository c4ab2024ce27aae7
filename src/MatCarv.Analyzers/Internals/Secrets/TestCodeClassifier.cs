using System;
using System.Collections.Concurrent;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace MatCarv.Analyzers.Internals.Secrets;

/// <summary>
/// Decides whether code is test code, per file, type and method rather than per compilation (one fixture file must not
/// change what the rules report in the rest of a project): a file whose <c>.editorconfig</c> section says
/// <c>treat_as_test_code</c>; an assembly named like a test project (<c>*.Tests</c>, <c>*.Test</c>, <c>*.Specs</c>); a
/// type that carries, or has a member that carries, an attribute of a test framework (xUnit, NUnit, MSTest, TUnit); a type
/// deriving from such a type or from a test base type (xUnit fixtures, <c>WebApplicationFactory</c>); a type nested in one.
/// One instance per compilation; answers are cached per type.
/// </summary>
internal sealed class TestCodeClassifier
{
    private static readonly string[] FrameworkNamespaces =
    {
        "Xunit", "Xunit.Sdk", "NUnit.Framework", "Microsoft.VisualStudio.TestTools.UnitTesting", "TUnit.Core",
    };

    /// <summary>Metadata names of types whose implementers and subclasses are test code (fixtures and test hosts).</summary>
    private static readonly string[] TestBaseTypes =
    {
        "Xunit.IAsyncLifetime", "Xunit.IClassFixture`1", "Xunit.ICollectionFixture`1",
        "Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactory`1",
    };

    private readonly bool _isTestAssembly;
    private readonly ConcurrentDictionary<INamedTypeSymbol, bool> _types = new(SymbolEqualityComparer.Default);
    private readonly ConcurrentDictionary<INamedTypeSymbol, bool> _attributeClasses = new(SymbolEqualityComparer.Default);

    public TestCodeClassifier(Compilation compilation)
    {
        _isTestAssembly = IsTestAssemblyName(compilation.AssemblyName);
    }

    /// <summary>Whether the code at <paramref name="node"/> is test code.</summary>
    public bool IsTestCode(SyntaxNode node, SemanticModel model, bool? forced, System.Threading.CancellationToken cancellationToken)
    {
        if (forced.HasValue)
        {
            return forced.Value;
        }

        if (_isTestAssembly)
        {
            return true;
        }

        var declaration = node.FirstAncestorOrSelf<BaseTypeDeclarationSyntax>();
        return declaration is not null && model.GetDeclaredSymbol(declaration, cancellationToken) is INamedTypeSymbol type && IsTestType(type);
    }

    /// <summary>Whether a member of <paramref name="type"/> is test code (for values found through a field of another file).</summary>
    public bool IsTestCode(INamedTypeSymbol? type, bool? forced)
    {
        if (forced.HasValue)
        {
            return forced.Value;
        }

        return _isTestAssembly || (type is not null && IsTestType(type));
    }

    /// <summary>"Orders.Tests", "Orders.IntegrationTests", "Orders.Test", "Orders.Specs": a dot-separated part names tests.</summary>
    public static bool IsTestAssemblyName(string? name)
    {
        if (name is null)
        {
            return false;
        }

        foreach (var part in name.Split('.'))
        {
            if (part.EndsWith("Tests", StringComparison.Ordinal) || part == "Test" || part.EndsWith("Specs", StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    private bool IsTestType(INamedTypeSymbol type)
    {
        if (_types.TryGetValue(type, out var known))
        {
            return known;
        }

        var result = Compute(type);
        _types.TryAdd(type, result);
        return result;
    }

    private bool Compute(INamedTypeSymbol type)
    {
        if (type.ContainingType is { } outer && IsTestType(outer))
        {
            return true;
        }

        if (HasFrameworkAttribute(type))
        {
            return true;
        }

        foreach (var member in type.GetMembers())
        {
            if (member is IMethodSymbol && HasFrameworkAttribute(member))
            {
                return true;
            }
        }

        foreach (var implemented in type.AllInterfaces)
        {
            if (IsTestBaseType(implemented))
            {
                return true;
            }
        }

        for (var baseType = type.BaseType; baseType is not null && baseType.SpecialType != SpecialType.System_Object; baseType = baseType.BaseType)
        {
            if (IsTestBaseType(baseType) || (baseType.Locations.Length > 0 && baseType.Locations[0].IsInSource && IsTestType(baseType)))
            {
                return true;
            }
        }

        return false;
    }

    private bool HasFrameworkAttribute(ISymbol symbol)
    {
        foreach (var attribute in symbol.GetAttributes())
        {
            if (attribute.AttributeClass is { } attributeClass && IsFrameworkAttribute(attributeClass))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>An attribute class declared in a test framework's namespace, or derived from one (<c>[SkippableFact]</c>).</summary>
    private bool IsFrameworkAttribute(INamedTypeSymbol attributeClass)
    {
        if (_attributeClasses.TryGetValue(attributeClass, out var known))
        {
            return known;
        }

        var result = false;
        for (var current = attributeClass; current is not null && !result; current = current.BaseType)
        {
            result = Array.IndexOf(FrameworkNamespaces, NamespaceOf(current)) >= 0;
        }

        _attributeClasses.TryAdd(attributeClass, result);
        return result;
    }

    private static bool IsTestBaseType(INamedTypeSymbol type)
    {
        var definition = type.OriginalDefinition;
        var name = definition.Arity > 0 ? definition.MetadataName : definition.Name;
        var ns = NamespaceOf(definition);
        foreach (var candidate in TestBaseTypes)
        {
            if (candidate.Length == ns.Length + 1 + name.Length && candidate.StartsWith(ns, StringComparison.Ordinal) &&
                candidate[ns.Length] == '.' && string.CompareOrdinal(candidate, ns.Length + 1, name, 0, name.Length) == 0)
            {
                return true;
            }
        }

        return false;
    }

    private static string NamespaceOf(ISymbol symbol)
    {
        var ns = symbol.ContainingNamespace;
        return ns is null || ns.IsGlobalNamespace ? string.Empty : ns.ToDisplayString();
    }
}
