using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace MatCarv.Analyzers.Internals.Secrets;

/// <summary>
/// The constant a value given to a sink comes from, followed through locals and <c>const</c>/<c>readonly</c> fields of the
/// compilation (their initializers) and through transformations that keep the secret (<c>Encoding.GetBytes</c>,
/// <c>Convert.FromBase64String</c>…): a string literal, or a constant byte array (<c>new byte[] { 0x4f, … }</c>, <c>[0x4f, …]</c>).
/// </summary>
internal sealed class SecretOrigin
{
    private const int MaxDepth = 4;

    /// <summary>Method names that keep their argument's secret.</summary>
    private static readonly HashSet<string> Transparent = new(StringComparer.Ordinal)
    {
        "GetBytes", "FromBase64String", "FromHexString", "ToBase64String", "ToCharArray", "ToArray", "AsSpan", "AsMemory",
        "DecodeBytes", "Base64UrlDecode", "Decode",
    };

    private SecretOrigin(SyntaxNode node, string text, bool isBytes, ISymbol holder)
    {
        Node = node;
        Text = text;
        IsBytes = isBytes;
        Holder = holder;
    }

    /// <summary>The literal (or byte array) where the secret is written: where it is reported.</summary>
    public SyntaxNode Node { get; }

    /// <summary>The string, or the bytes as lower-case hex.</summary>
    public string Text { get; }

    public bool IsBytes { get; }

    /// <summary>The local or field that carries the constant to the sink (its name goes into the message).</summary>
    public ISymbol Holder { get; }

    /// <summary>Follows <paramref name="value"/> back to a constant held by a local or field; null when it does not come from one.</summary>
    public static SecretOrigin? Trace(IOperation value, SemanticModel model, CancellationToken cancellationToken) =>
        Trace(value, model, holder: null, depth: 0, cancellationToken);

    /// <summary>Whether an expression (read from syntax) is worth binding: a name or member access, possibly transformed.</summary>
    public static bool MayCarryConstant(ExpressionSyntax expression)
    {
        for (var i = 0; i < 4; i++)
        {
            switch (expression)
            {
                case IdentifierNameSyntax or MemberAccessExpressionSyntax { Expression: IdentifierNameSyntax or ThisExpressionSyntax or MemberAccessExpressionSyntax }:
                    return true;
                case InvocationExpressionSyntax { ArgumentList.Arguments.Count: > 0 } invocation when Transparent.Contains(InvocationNames.Of(invocation) ?? string.Empty):
                    expression = invocation.ArgumentList.Arguments[0].Expression;
                    continue;
                case ParenthesizedExpressionSyntax parenthesized:
                    expression = parenthesized.Expression;
                    continue;
                case CastExpressionSyntax cast:
                    expression = cast.Expression;
                    continue;
                default:
                    return false;
            }
        }

        return false;
    }

    private static SecretOrigin? Trace(IOperation value, SemanticModel model, ISymbol? holder, int depth, CancellationToken cancellationToken)
    {
        for (var guard = 0; guard < 8; guard++)
        {
            switch (value)
            {
                case IConversionOperation conversion:
                    value = conversion.Operand;
                    continue;
                case IParenthesizedOperation parenthesized:
                    value = parenthesized.Operand;
                    continue;
                case IInvocationOperation invocation when Transparent.Contains(invocation.TargetMethod.Name):
                    if (invocation.Arguments.Length > 0)
                    {
                        value = invocation.Arguments[0].Value;
                        continue;
                    }

                    if (invocation.Instance is not null)
                    {
                        value = invocation.Instance;
                        continue;
                    }

                    return null;
                case ILiteralOperation { ConstantValue: { HasValue: true, Value: string text } } literal when holder is not null:
                    return new SecretOrigin(literal.Syntax, text, false, holder);
                case IArrayCreationOperation { Initializer: { } initializer } when holder is not null:
                    return FromBytes(initializer.Syntax, initializer.ElementValues, holder);
                case ICollectionExpressionOperation collection when holder is not null:
                    return FromBytes(collection.Syntax, collection.Elements, holder);
                case ILocalReferenceOperation local when depth < MaxDepth:
                    return FromDeclaration(local.Local, model, depth, cancellationToken);
                case IFieldReferenceOperation field when depth < MaxDepth && (field.Field.IsConst || field.Field.IsReadOnly):
                    return FromDeclaration(field.Field, model, depth, cancellationToken);
                default:
                    return null;
            }
        }

        return null;
    }

    private static SecretOrigin? FromDeclaration(ISymbol symbol, SemanticModel model, int depth, CancellationToken cancellationToken)
    {
        var references = symbol.DeclaringSyntaxReferences;
        if (references.Length != 1 || references[0].GetSyntax(cancellationToken) is not VariableDeclaratorSyntax { Initializer.Value: { } initializer })
        {
            return null;
        }

        if (initializer.SyntaxTree == model.SyntaxTree)
        {
            var operation = model.GetOperation(initializer, cancellationToken);
            return operation is null ? null : Trace(operation, model, symbol, depth + 1, cancellationToken);
        }

        // Declared in another file: its semantic model is not ours to build; the initializer's shape is read from syntax.
        return FromSyntax(initializer, symbol);
    }

    private static SecretOrigin? FromSyntax(ExpressionSyntax expression, ISymbol holder)
    {
        for (var i = 0; i < 6; i++)
        {
            switch (expression)
            {
                case ParenthesizedExpressionSyntax parenthesized:
                    expression = parenthesized.Expression;
                    continue;
                case CastExpressionSyntax cast:
                    expression = cast.Expression;
                    continue;
                case InvocationExpressionSyntax { ArgumentList.Arguments.Count: > 0 } invocation when Transparent.Contains(InvocationNames.Of(invocation) ?? string.Empty):
                    expression = invocation.ArgumentList.Arguments[0].Expression;
                    continue;
                case LiteralExpressionSyntax literal when literal.IsKind(SyntaxKind.StringLiteralExpression) || literal.IsKind(SyntaxKind.Utf8StringLiteralExpression):
                    return new SecretOrigin(literal, literal.Token.ValueText, false, holder);
                case ArrayCreationExpressionSyntax { Initializer: { } initializer }:
                    return FromByteSyntax(initializer, initializer.Expressions, holder);
                case ImplicitArrayCreationExpressionSyntax { Initializer: { } implicitInitializer }:
                    return FromByteSyntax(implicitInitializer, implicitInitializer.Expressions, holder);
                case CollectionExpressionSyntax collection:
                    var elements = new List<ExpressionSyntax>(collection.Elements.Count);
                    foreach (var element in collection.Elements)
                    {
                        if (element is not ExpressionElementSyntax expressionElement)
                        {
                            return null;
                        }

                        elements.Add(expressionElement.Expression);
                    }

                    return FromByteSyntax(collection, elements, holder);
                default:
                    return null;
            }
        }

        return null;
    }

    private static SecretOrigin? FromBytes(SyntaxNode syntax, IEnumerable<IOperation> elements, ISymbol holder)
    {
        var hex = new StringBuilder();
        foreach (var element in elements)
        {
            var constant = element is IConversionOperation conversion ? conversion.Operand.ConstantValue : element.ConstantValue;
            if (!constant.HasValue || !TryGetByte(constant.Value, out var b))
            {
                return null;
            }

            hex.Append(b.ToString("x2", CultureInfo.InvariantCulture));
        }

        return hex.Length == 0 ? null : new SecretOrigin(syntax, hex.ToString(), true, holder);
    }

    private static SecretOrigin? FromByteSyntax(SyntaxNode syntax, IEnumerable<ExpressionSyntax> elements, ISymbol holder)
    {
        var hex = new StringBuilder();
        foreach (var element in elements)
        {
            if (element is not LiteralExpressionSyntax literal || !literal.IsKind(SyntaxKind.NumericLiteralExpression) || !TryGetByte(literal.Token.Value, out var b))
            {
                return null;
            }

            hex.Append(b.ToString("x2", CultureInfo.InvariantCulture));
        }

        return hex.Length == 0 ? null : new SecretOrigin(syntax, hex.ToString(), true, holder);
    }

    private static bool TryGetByte(object? value, out byte result)
    {
        switch (value)
        {
            case byte b:
                result = b;
                return true;
            case int i when i is >= 0 and <= 255:
                result = (byte)i;
                return true;
            default:
                result = 0;
                return false;
        }
    }
}
