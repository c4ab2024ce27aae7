using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using MatCarv.Analyzers.CodeFixes.Internals;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace MatCarv.Analyzers.CodeFixes.Rules;

/// <summary>MCV2003: rewrites an interpolated, concatenated or formatted log message into a template with named holes.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(DynamicLogTemplateCodeFix)), Shared]
public sealed class DynamicLogTemplateCodeFix : CodeFixProvider
{
    private const string Title = "Use a message template with named holes";

    /// <inheritdoc />
    public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(RuleIdentifiers.DynamicLogTemplate);

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
            var message = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) as ExpressionSyntax;
            if (message?.Parent is not ArgumentSyntax argument || argument.Parent is not ArgumentListSyntax list ||
                list.Arguments.Any(a => a.NameColon is not null) || LogTemplateBuilder.TryBuild(message, model) is null)
            {
                continue;
            }

            context.RegisterCodeFix(
                CodeAction.Create(Title, c => FixAsync(context.Document, diagnostic.Location.SourceSpan, c), equivalenceKey: nameof(DynamicLogTemplateCodeFix)),
                diagnostic);
        }
    }

    private static async Task<Document> FixAsync(Document document, Microsoft.CodeAnalysis.Text.TextSpan span, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        if (root?.FindNode(span, getInnermostNodeForTie: true) is not ExpressionSyntax message || model is null ||
            message.Parent is not ArgumentSyntax argument || argument.Parent is not ArgumentListSyntax list)
        {
            return document;
        }

        var builder = LogTemplateBuilder.TryBuild(message, model);
        if (builder is null)
        {
            return document;
        }

        var newList = ReplaceWithTemplate(list, argument, builder);
        return document.WithSyntaxRoot(root.ReplaceNode(list, newList));
    }

    /// <summary>Replaces the message argument with the template literal and inserts the hole values right after it.</summary>
    internal static ArgumentListSyntax ReplaceWithTemplate(ArgumentListSyntax list, ArgumentSyntax messageArgument, LogTemplateBuilder builder)
    {
        var index = list.Arguments.IndexOf(messageArgument);
        var template = SyntaxFactory.LiteralExpression(SyntaxKind.StringLiteralExpression, SyntaxFactory.Literal(builder.Template));
        var arguments = list.Arguments.RemoveAt(index).Insert(index, messageArgument.WithExpression(template.WithTriviaFrom(messageArgument.Expression)));
        var position = index + 1;
        foreach (var value in builder.Arguments)
        {
            arguments = arguments.Insert(position++, SyntaxFactory.Argument(value));
        }

        return list.WithArguments(arguments);
    }
}
