using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace MatCarv.Analyzers.CodeFixes.Rules;

/// <summary>
/// MCV2001: starts a span at the top of the entry point, with the SDK's API when it is in scope:
/// <c>using var span = _tracer.StartSpan("Handle");</c> for a <c>MatCarvTracer</c> field, property or parameter, else
/// <c>using var activity = Source.StartActivity("Handle");</c> with an existing <c>ActivitySource</c> or a new
/// <c>private static readonly ActivitySource</c> named after the assembly (add that name to the tracing options' Sources).
/// An expression body becomes a block; a non-async method returning a task becomes async so the span covers the work.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(EntryPointWithoutSpanCodeFix)), Shared]
public sealed class EntryPointWithoutSpanCodeFix : CodeFixProvider
{
    private const string SourceFieldName = "ActivitySource";

    /// <inheritdoc />
    public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(RuleIdentifiers.EntryPointWithoutSpan);

    /// <inheritdoc />
    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    /// <inheritdoc />
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null)
        {
            return;
        }

        foreach (var diagnostic in context.Diagnostics)
        {
            var token = root.FindToken(diagnostic.Location.SourceSpan.Start);
            if (token.Parent is not MethodDeclarationSyntax method || (method.Body is null && method.ExpressionBody is null))
            {
                continue;
            }

            context.RegisterCodeFix(
                CodeAction.Create("Start a span in this entry point", c => FixAsync(context.Document, diagnostic.Location.SourceSpan.Start, c), equivalenceKey: nameof(EntryPointWithoutSpanCodeFix)),
                diagnostic);
        }
    }

    private static async Task<Document> FixAsync(Document document, int position, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        if (root?.FindToken(position).Parent is not MethodDeclarationSyntax method || model is null ||
            method.Parent is not TypeDeclarationSyntax type || model.GetDeclaredSymbol(method, cancellationToken) is not IMethodSymbol symbol)
        {
            return document;
        }

        var newLine = root.ToFullString().IndexOf("\r\n", System.StringComparison.Ordinal) >= 0 ? "\r\n" : "\n";
        var (statementText, needsField) = ChooseSpanStatement(symbol, model.Compilation, method.Identifier.ValueText);
        var spanStatement = SyntaxFactory.ParseStatement(statementText)
            .WithLeadingTrivia(SyntaxFactory.ElasticMarker)
            .WithTrailingTrivia(SyntaxFactory.ElasticEndOfLine(newLine))
            .WithAdditionalAnnotations(Microsoft.CodeAnalysis.Formatting.Formatter.Annotation);
        var newMethod = AddSpan(method, symbol, model.Compilation, spanStatement, newLine);
        var newType = type.ReplaceNode(method, newMethod);
        if (needsField && !newType.Members.OfType<FieldDeclarationSyntax>().Any(f => f.Declaration.Variables.Any(v => v.Identifier.ValueText == SourceFieldName)))
        {
            var sourceName = model.Compilation.AssemblyName ?? type.Identifier.ValueText;
            var field = (FieldDeclarationSyntax)SyntaxFactory.ParseMemberDeclaration(
                $"private static readonly System.Diagnostics.ActivitySource {SourceFieldName} = new(\"{sourceName}\");" + newLine)!;
            var members = newType.Members;
            if (members.Count > 0)
            {
                members = members.Replace(members[0], members[0].WithLeadingTrivia(members[0].GetLeadingTrivia().Insert(0, SyntaxFactory.EndOfLine(newLine))));
            }

            newType = newType.WithMembers(members.Insert(0, field.WithAdditionalAnnotations(Microsoft.CodeAnalysis.Formatting.Formatter.Annotation)));
        }

        var newRoot = root.ReplaceNode(type, newType);
        var formatted = document.WithSyntaxRoot(newRoot);
        formatted = await Microsoft.CodeAnalysis.Simplification.Simplifier.ReduceAsync(formatted, Microsoft.CodeAnalysis.Simplification.Simplifier.Annotation, cancellationToken: cancellationToken).ConfigureAwait(false);
        return await Microsoft.CodeAnalysis.Formatting.Formatter.FormatAsync(formatted, Microsoft.CodeAnalysis.Formatting.Formatter.Annotation, cancellationToken: cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The SDK tracer when one is in scope, else an existing ActivitySource, else a new static one.</summary>
    private static (string Statement, bool NeedsField) ChooseSpanStatement(IMethodSymbol method, Compilation compilation, string spanName)
    {
        var tracer = compilation.GetTypeByMetadataName("MatCarv.Observability.Tracing.MatCarvTracer");
        var activitySource = compilation.GetTypeByMetadataName("System.Diagnostics.ActivitySource");
        var literal = SyntaxFactory.Literal(spanName).Text;

        string? Find(INamedTypeSymbol? wanted)
        {
            if (wanted is null)
            {
                return null;
            }

            foreach (var parameter in method.Parameters)
            {
                if (SymbolEqualityComparer.Default.Equals(parameter.Type, wanted))
                {
                    return parameter.Name;
                }
            }

            foreach (var member in method.ContainingType.GetMembers())
            {
                if (method.IsStatic && !member.IsStatic)
                {
                    continue;
                }

                var type = member switch
                {
                    IFieldSymbol { IsImplicitlyDeclared: false } f => f.Type,
                    IPropertySymbol p => p.Type,
                    _ => null,
                };
                if (SymbolEqualityComparer.Default.Equals(type, wanted))
                {
                    return member.Name;
                }
            }

            return null;
        }

        var tracerName = Find(tracer);
        if (tracerName is not null)
        {
            return ($"using var span = {tracerName}.StartSpan({literal});", false);
        }

        var sourceName = Find(activitySource);
        return sourceName is not null
            ? ($"using var activity = {sourceName}.StartActivity({literal});", false)
            : ($"using var activity = {SourceFieldName}.StartActivity({literal});", true);
    }

    private static MethodDeclarationSyntax AddSpan(MethodDeclarationSyntax method, IMethodSymbol symbol, Compilation compilation, StatementSyntax spanStatement, string newLine)
    {
        if (method.Body is not null)
        {
            return method.WithBody(method.Body.WithStatements(method.Body.Statements.Insert(0, spanStatement)));
        }

        var expression = method.ExpressionBody!.Expression;
        var makeAsync = !symbol.IsAsync && IsAwaitable(symbol.ReturnType, compilation);
        StatementSyntax body;
        if (symbol.ReturnsVoid || (makeAsync && IsNonGenericTask(symbol.ReturnType)) || (symbol.IsAsync && IsNonGenericTask(symbol.ReturnType)))
        {
            var call = makeAsync ? SyntaxFactory.AwaitExpression(expression.WithoutTrivia()) : expression.WithoutTrivia();
            body = SyntaxFactory.ExpressionStatement(call).WithTrailingTrivia(SyntaxFactory.ElasticEndOfLine(newLine));
        }
        else
        {
            var value = makeAsync ? SyntaxFactory.AwaitExpression(expression.WithoutTrivia()) : expression.WithoutTrivia();
            body = SyntaxFactory.ReturnStatement(value).WithTrailingTrivia(SyntaxFactory.ElasticEndOfLine(newLine));
        }

        var newMethod = method
            .WithExpressionBody(null)
            .WithSemicolonToken(default)
            .WithBody(SyntaxFactory.Block(spanStatement, body).WithAdditionalAnnotations(Microsoft.CodeAnalysis.Formatting.Formatter.Annotation));
        if (makeAsync)
        {
            newMethod = newMethod.AddModifiers(SyntaxFactory.Token(SyntaxKind.AsyncKeyword).WithTrailingTrivia(SyntaxFactory.Space));
        }

        return newMethod;
    }

    private static bool IsAwaitable(ITypeSymbol type, Compilation compilation) =>
        type is INamedTypeSymbol named &&
        (SymbolEqualityComparer.Default.Equals(named.OriginalDefinition, compilation.GetTypeByMetadataName("System.Threading.Tasks.Task")) ||
         SymbolEqualityComparer.Default.Equals(named.OriginalDefinition, compilation.GetTypeByMetadataName("System.Threading.Tasks.Task`1")) ||
         SymbolEqualityComparer.Default.Equals(named.OriginalDefinition, compilation.GetTypeByMetadataName("System.Threading.Tasks.ValueTask")) ||
         SymbolEqualityComparer.Default.Equals(named.OriginalDefinition, compilation.GetTypeByMetadataName("System.Threading.Tasks.ValueTask`1")));

    private static bool IsNonGenericTask(ITypeSymbol type) => type is INamedTypeSymbol { IsGenericType: false } named && named.Name is "Task" or "ValueTask";
}
