using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using MatCarv.Analyzers.CodeFixes.Internals;
using MatCarv.Analyzers.Rules.Observability;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace MatCarv.Analyzers.CodeFixes.Rules;

/// <summary>
/// MCV2002: replaces <c>Console.WriteLine(…)</c>/<c>Debug.WriteLine(…)</c>/<c>Trace.TraceError(…)</c> with the matching
/// <c>ILogger</c> call when a logger is in scope (a parameter of the enclosing method, or a field or property of the type).
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(ConsoleLoggingCodeFix)), Shared]
public sealed class ConsoleLoggingCodeFix : CodeFixProvider
{
    private static readonly char[] Braces = { '{', '}' };

    /// <inheritdoc />
    public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(RuleIdentifiers.ConsoleLogging);

    /// <inheritdoc />
    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    /// <inheritdoc />
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        var model = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null || model is null)
        {
            return;
        }

        foreach (var diagnostic in context.Diagnostics)
        {
            if (root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is not InvocationExpressionSyntax invocation ||
                !diagnostic.Properties.TryGetValue(ConsoleLoggingAnalyzer.LevelProperty, out var level) || level is null ||
                BuildReplacement(invocation, model, level, context.CancellationToken) is null)
            {
                continue;
            }

            var logger = FindLogger(invocation, model, context.CancellationToken)!;
            context.RegisterCodeFix(
                CodeAction.Create(
                    $"Log with {logger}.Log{level}",
                    c => FixAsync(context.Document, diagnostic.Location.SourceSpan, level, c),
                    equivalenceKey: nameof(ConsoleLoggingCodeFix)),
                diagnostic);
        }
    }

    private static async Task<Document> FixAsync(Document document, Microsoft.CodeAnalysis.Text.TextSpan span, string level, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        if (root?.FindNode(span, getInnermostNodeForTie: true) is not InvocationExpressionSyntax invocation || model is null)
        {
            return document;
        }

        var replacement = BuildReplacement(invocation, model, level, cancellationToken);
        return replacement is null ? document : document.WithSyntaxRoot(root.ReplaceNode(invocation, replacement.WithTriviaFrom(invocation)));
    }

    private static InvocationExpressionSyntax? BuildReplacement(InvocationExpressionSyntax invocation, SemanticModel model, string level, CancellationToken cancellationToken)
    {
        var logger = FindLogger(invocation, model, cancellationToken);
        var method = model.GetSymbolInfo(invocation, cancellationToken).Symbol as IMethodSymbol;
        var args = invocation.ArgumentList.Arguments;
        if (logger is null || method is null || args.Count == 0 || args.Any(a => a.NameColon is not null) || method.Name.EndsWith("If", System.StringComparison.Ordinal))
        {
            return null;
        }

        var first = args[0].Expression;
        var firstType = model.GetTypeInfo(first, cancellationToken).ConvertedType;
        ArgumentListSyntax arguments;
        if (args.Count == 1)
        {
            var constant = model.GetConstantValue(first, cancellationToken);
            LogTemplateBuilder builder;
            if (constant.HasValue && constant.Value is string text && text.IndexOfAny(Braces) < 0)
            {
                arguments = SyntaxFactory.ArgumentList(SyntaxFactory.SingletonSeparatedList(SyntaxFactory.Argument(first.WithoutTrivia())));
                return Create(logger, level, arguments);
            }

            builder = (firstType?.SpecialType == SpecialType.System_String ? LogTemplateBuilder.TryBuild(first, model) : null) ?? LogTemplateBuilder.ForValue(first, model);
            var template = SyntaxFactory.LiteralExpression(SyntaxKind.StringLiteralExpression, SyntaxFactory.Literal(builder.Template));
            arguments = SyntaxFactory.ArgumentList(SyntaxFactory.SeparatedList(
                new[] { SyntaxFactory.Argument(template) }.Concat(builder.Arguments.Select(SyntaxFactory.Argument))));
            return Create(logger, level, arguments);
        }

        // Composite-format overloads ("Order {0} placed", id) are valid ILogger templates as they are.
        if (firstType?.SpecialType != SpecialType.System_String)
        {
            return null;
        }

        arguments = SyntaxFactory.ArgumentList(SyntaxFactory.SeparatedList(args.Select(a => a.WithoutTrivia())));
        return Create(logger, level, arguments);
    }

    private static InvocationExpressionSyntax Create(string logger, string level, ArgumentListSyntax arguments) =>
        SyntaxFactory.InvocationExpression(
            SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, SyntaxFactory.ParseExpression(logger), SyntaxFactory.IdentifierName("Log" + level)),
            arguments);

    /// <summary>An <c>ILogger</c> parameter of an enclosing method or lambda, else a field or property of the enclosing type.</summary>
    private static string? FindLogger(SyntaxNode node, SemanticModel model, CancellationToken cancellationToken)
    {
        var iLogger = model.Compilation.GetTypeByMetadataName("Microsoft.Extensions.Logging.ILogger");
        if (iLogger is null)
        {
            return null;
        }

        bool IsLogger(ITypeSymbol? type) =>
            type is not null && (SymbolEqualityComparer.Default.Equals(type, iLogger) || type.AllInterfaces.Contains(iLogger, SymbolEqualityComparer.Default));

        var enclosing = model.GetEnclosingSymbol(node.SpanStart, cancellationToken);
        for (var symbol = enclosing; symbol is IMethodSymbol method; symbol = symbol.ContainingSymbol)
        {
            foreach (var parameter in method.Parameters)
            {
                if (IsLogger(parameter.Type))
                {
                    return parameter.Name;
                }
            }
        }

        var type = enclosing?.ContainingType;
        var isStatic = enclosing?.IsStatic ?? false;

        // C# 12 primary constructor parameters: class OrderService(ILogger<OrderService> logger).
        if (!isStatic && node.FirstAncestorOrSelf<TypeDeclarationSyntax>() is { ParameterList: { } primary })
        {
            foreach (var parameter in primary.Parameters)
            {
                if (parameter.Type is not null && IsLogger(model.GetTypeInfo(parameter.Type, cancellationToken).Type))
                {
                    return parameter.Identifier.ValueText;
                }
            }
        }
        for (var current = type; current is not null; current = current.BaseType)
        {
            foreach (var member in current.GetMembers())
            {
                if ((isStatic && !member.IsStatic) || (!SymbolEqualityComparer.Default.Equals(current, type) && member.DeclaredAccessibility == Accessibility.Private))
                {
                    continue;
                }

                var memberType = member switch
                {
                    IFieldSymbol { IsImplicitlyDeclared: false } field => field.Type,
                    IPropertySymbol property => property.Type,
                    _ => null,
                };
                if (IsLogger(memberType))
                {
                    return member.Name;
                }
            }
        }

        return null;
    }
}
