using Microsoft.CodeAnalysis;

namespace MatCarv.Analyzers.Internals;

/// <summary>A constant string and the name it is given (variable, field, property, parameter, dictionary key…).</summary>
internal readonly struct NamedStringValue
{
    public NamedStringValue(string name, string value, SyntaxNode valueSyntax, bool isAmazonApi)
    {
        Name = name;
        Value = value;
        ValueSyntax = valueSyntax;
        IsAmazonApi = isAmazonApi;
    }

    public string Name { get; }

    public string Value { get; }

    public SyntaxNode ValueSyntax { get; }

    /// <summary>The value is an argument of an AWS SDK API (namespace <c>Amazon.*</c>).</summary>
    public bool IsAmazonApi { get; }
}
