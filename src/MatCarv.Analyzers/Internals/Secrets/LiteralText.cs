using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace MatCarv.Analyzers.Internals.Secrets;

/// <summary>
/// The text of string literals as the program sees it, whole concatenation chains included (PEM keys are often split
/// over several "…" + "…" lines). Interpolation holes and non-literal operands become <see cref="ConnectionStringScanner.Hole"/>.
/// </summary>
internal static class LiteralText
{
    public static readonly SyntaxKind[] Kinds =
    {
        SyntaxKind.StringLiteralExpression,
        SyntaxKind.Utf8StringLiteralExpression,
        SyntaxKind.InterpolatedStringExpression,
        SyntaxKind.AddExpression,
    };

    /// <summary>The text to scan for this node, or null when another node covers it or it holds no string text.</summary>
    public static string? GetText(SyntaxNode node)
    {
        if (IsInsideConcatenation(node))
        {
            return null;
        }

        switch (node)
        {
            case LiteralExpressionSyntax literal:
                return literal.Token.ValueText;
            case InterpolatedStringExpressionSyntax interpolated:
                return GetInterpolatedText(interpolated);
            case BinaryExpressionSyntax binary:
                // Most additions are arithmetic: rule them out without allocating (every '+' in a project comes here).
                if (!ChainHasString(binary))
                {
                    return null;
                }

                var builder = new StringBuilder();
                return AppendChain(binary, builder) ? builder.ToString() : null;
            default:
                return null;
        }
    }

    private static bool IsInsideConcatenation(SyntaxNode node)
    {
        var parent = node.Parent;
        while (parent is ParenthesizedExpressionSyntax)
        {
            parent = parent.Parent;
        }

        return parent is not null && parent.IsKind(SyntaxKind.AddExpression);
    }

    private static string GetInterpolatedText(InterpolatedStringExpressionSyntax interpolated)
    {
        var builder = new StringBuilder();
        foreach (var content in interpolated.Contents)
        {
            if (content is InterpolatedStringTextSyntax text)
            {
                builder.Append(text.TextToken.ValueText);
            }
            else
            {
                builder.Append(ConnectionStringScanner.Hole);
            }
        }

        return builder.ToString();
    }

    private static bool ChainHasString(ExpressionSyntax expression)
    {
        while (expression is ParenthesizedExpressionSyntax parenthesized)
        {
            expression = parenthesized.Expression;
        }

        return expression switch
        {
            BinaryExpressionSyntax binary when binary.IsKind(SyntaxKind.AddExpression) => ChainHasString(binary.Right) || ChainHasString(binary.Left),
            LiteralExpressionSyntax literal => literal.IsKind(SyntaxKind.StringLiteralExpression),
            InterpolatedStringExpressionSyntax => true,
            _ => false,
        };
    }

    /// <summary>Appends the chain's parts; returns whether any part was string text.</summary>
    private static bool AppendChain(ExpressionSyntax expression, StringBuilder builder)
    {
        while (expression is ParenthesizedExpressionSyntax parenthesized)
        {
            expression = parenthesized.Expression;
        }

        switch (expression)
        {
            case BinaryExpressionSyntax binary when binary.IsKind(SyntaxKind.AddExpression):
                var left = AppendChain(binary.Left, builder);
                var right = AppendChain(binary.Right, builder);
                return left || right;
            case LiteralExpressionSyntax literal when literal.IsKind(SyntaxKind.StringLiteralExpression):
                builder.Append(literal.Token.ValueText);
                return true;
            case InterpolatedStringExpressionSyntax interpolated:
                builder.Append(GetInterpolatedText(interpolated));
                return true;
            default:
                builder.Append(ConnectionStringScanner.Hole);
                return false;
        }
    }
}
