using System;
using System.Collections.Generic;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace MatCarv.Analyzers.CodeFixes.Internals;

/// <summary>
/// Turns an interpolated string, a string concatenation or a <c>string.Format</c> call into a message template with named
/// holes plus the values as arguments: <c>$"Order {order.Id} failed"</c> → <c>"Order {OrderId} failed", order.Id</c>.
/// </summary>
internal sealed class LogTemplateBuilder
{
    private static readonly char[] FormatSeparators = { ',', ':' };

    private readonly StringBuilder _template = new();
    private readonly List<ExpressionSyntax> _arguments = new();
    private readonly HashSet<string> _names = new(StringComparer.OrdinalIgnoreCase);
    private readonly SemanticModel _model;

    private LogTemplateBuilder(SemanticModel model)
    {
        _model = model;
    }

    public string Template => _template.ToString();

    public IReadOnlyList<ExpressionSyntax> Arguments => _arguments;

    /// <summary>Builds the template, or returns null when the expression cannot be converted faithfully.</summary>
    public static LogTemplateBuilder? TryBuild(ExpressionSyntax message, SemanticModel model)
    {
        var builder = new LogTemplateBuilder(model);
        return builder.Append(message) ? builder : null;
    }

    /// <summary>A template "{Name}" for a single value (a variable message, a non-string value).</summary>
    public static LogTemplateBuilder ForValue(ExpressionSyntax value, SemanticModel model)
    {
        var builder = new LogTemplateBuilder(model);
        builder.AddHole(value, null, null);
        return builder;
    }

    public static string EscapeText(string text) => text.Replace("{", "{{").Replace("}", "}}");

    private bool Append(ExpressionSyntax expression)
    {
        while (expression is ParenthesizedExpressionSyntax parenthesized)
        {
            expression = parenthesized.Expression;
        }

        switch (expression)
        {
            case InterpolatedStringExpressionSyntax interpolated:
                foreach (var content in interpolated.Contents)
                {
                    if (content is InterpolatedStringTextSyntax text)
                    {
                        // The text of an interpolated string keeps its braces doubled, which is also the template's escape.
                        _template.Append(text.TextToken.ValueText);
                    }
                    else if (content is InterpolationSyntax hole)
                    {
                        AddHole(hole.Expression, hole.AlignmentClause?.Value.ToString(), hole.FormatClause?.FormatStringToken.ValueText);
                    }
                }

                return true;
            case LiteralExpressionSyntax literal when literal.IsKind(SyntaxKind.StringLiteralExpression):
                _template.Append(EscapeText(literal.Token.ValueText));
                return true;
            case BinaryExpressionSyntax binary when binary.IsKind(SyntaxKind.AddExpression) &&
                                                    _model.GetTypeInfo(binary).Type?.SpecialType == SpecialType.System_String:
                return Append(binary.Left) && Append(binary.Right);
            case InvocationExpressionSyntax invocation when IsStringFormat(invocation):
                return AppendFormat(invocation);
            default:
                var constant = _model.GetConstantValue(expression);
                if (constant.HasValue && constant.Value is string s)
                {
                    _template.Append(EscapeText(s));
                    return true;
                }

                AddHole(expression, null, null);
                return true;
        }
    }

    private bool IsStringFormat(InvocationExpressionSyntax invocation) =>
        _model.GetSymbolInfo(invocation).Symbol is IMethodSymbol { Name: "Format", ContainingType.SpecialType: SpecialType.System_String };

    /// <summary>Only "{0} … {1} …" in order, each once: ILogger binds holes by position, not by index.</summary>
    private bool AppendFormat(InvocationExpressionSyntax invocation)
    {
        var args = invocation.ArgumentList.Arguments;
        if (args.Count < 1 || args[0].Expression is not LiteralExpressionSyntax formatLiteral || _model.GetTypeInfo(args[0].Expression).Type?.SpecialType != SpecialType.System_String)
        {
            return false;
        }

        var format = formatLiteral.Token.ValueText;
        var next = 0;
        var i = 0;
        while (i < format.Length)
        {
            var c = format[i];
            if (c == '{' && i + 1 < format.Length && format[i + 1] == '{')
            {
                _template.Append("{{");
                i += 2;
                continue;
            }

            if (c == '}' && i + 1 < format.Length && format[i + 1] == '}')
            {
                _template.Append("}}");
                i += 2;
                continue;
            }

            if (c == '{')
            {
                var close = format.IndexOf('}', i);
                if (close < 0)
                {
                    return false;
                }

                var spec = format.Substring(i + 1, close - i - 1);
                var indexEnd = spec.IndexOfAny(FormatSeparators);
                var indexText = indexEnd < 0 ? spec : spec.Substring(0, indexEnd);
                if (!int.TryParse(indexText.Trim(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var index) ||
                    index != next || index + 1 >= args.Count)
                {
                    return false;
                }

                var rest = indexEnd < 0 ? string.Empty : spec.Substring(indexEnd);
                var name = UniqueName(args[index + 1].Expression);
                _template.Append('{').Append(name).Append(rest).Append('}');
                _arguments.Add(args[index + 1].Expression.WithoutTrivia());
                next++;
                i = close + 1;
                continue;
            }

            _template.Append(c);
            i++;
        }

        return next == args.Count - 1;
    }

    private void AddHole(ExpressionSyntax expression, string? alignment, string? format)
    {
        _template.Append('{').Append(UniqueName(expression));
        if (alignment is not null)
        {
            _template.Append(',').Append(alignment);
        }

        if (format is not null)
        {
            _template.Append(':').Append(format);
        }

        _template.Append('}');
        _arguments.Add(expression.WithoutTrivia());
    }

    private string UniqueName(ExpressionSyntax expression)
    {
        var name = NameOf(expression);
        var candidate = name;
        for (var n = 2; !_names.Add(candidate); n++)
        {
            candidate = name + n.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return candidate;
    }

    /// <summary>A PascalCase hole name from the expression: <c>order.Id</c> → OrderId, <c>GetTotal()</c> → Total, <c>_count</c> → Count.</summary>
    internal static string NameOf(ExpressionSyntax expression)
    {
        switch (expression)
        {
            case IdentifierNameSyntax identifier:
                return Pascal(identifier.Identifier.ValueText);
            case MemberAccessExpressionSyntax member when member.Expression is ThisExpressionSyntax or BaseExpressionSyntax:
                return Pascal(member.Name.Identifier.ValueText);
            case MemberAccessExpressionSyntax member:
                var owner = member.Expression is IdentifierNameSyntax or MemberAccessExpressionSyntax ? NameOf(member.Expression) : string.Empty;
                return owner == "Value" ? Pascal(member.Name.Identifier.ValueText) : owner + Pascal(member.Name.Identifier.ValueText);
            case InvocationExpressionSyntax invocation:
                var method = invocation.Expression switch
                {
                    MemberAccessExpressionSyntax access => access.Name.Identifier.ValueText,
                    IdentifierNameSyntax identifier => identifier.Identifier.ValueText,
                    _ => "Value",
                };
                if (method is "ToString" && invocation.Expression is MemberAccessExpressionSyntax target)
                {
                    return NameOf(target.Expression);
                }

                return Pascal(method.StartsWith("Get", StringComparison.Ordinal) && method.Length > 3 ? method.Substring(3) : method);
            case ElementAccessExpressionSyntax element:
                return NameOf(element.Expression);
            case ConditionalAccessExpressionSyntax conditional:
                return NameOf(conditional.Expression) + (conditional.WhenNotNull is MemberBindingExpressionSyntax binding ? Pascal(binding.Name.Identifier.ValueText) : string.Empty);
            case CastExpressionSyntax cast:
                return NameOf(cast.Expression);
            case ParenthesizedExpressionSyntax parenthesized:
                return NameOf(parenthesized.Expression);
            default:
                return "Value";
        }
    }

    private static string Pascal(string name)
    {
        var trimmed = name.TrimStart('_', '@');
        if (trimmed.Length == 0)
        {
            return "Value";
        }

        return char.ToUpperInvariant(trimmed[0]) + trimmed.Substring(1);
    }
}
