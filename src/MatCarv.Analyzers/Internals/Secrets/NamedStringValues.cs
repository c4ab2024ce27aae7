using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace MatCarv.Analyzers.Internals.Secrets;

/// <summary>Constant strings of operations (see <see cref="SecretEvidenceFinder"/> for the names they are given).</summary>
internal static class NamedStringValues
{
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
}
