using System;
using System.Collections.Immutable;
using MatCarv.Analyzers.Internals;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace MatCarv.Analyzers.Rules.Observability;

/// <summary>
/// MCV2006: the <c>Activity</c> returned by <c>ActivitySource.StartActivity</c> is discarded, or kept in a local that is
/// neither declared with <c>using</c> nor stopped, disposed, returned, stored or passed on. Such a span never ends: it is
/// never exported and every span started after it on the same flow becomes its child.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class ActivityNotStoppedAnalyzer : DiagnosticAnalyzer
{
    private static readonly DiagnosticDescriptor Rule = new(
        RuleIdentifiers.ActivityNotDisposed,
        title: "Started activity is never stopped",
        messageFormat: "The activity started here is never stopped: declare it with 'using var' so the span ends and is exported",
        category: RuleCategories.Observability,
        defaultSeverity: DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "An Activity that is not stopped is not exported and stays Activity.Current, adopting every later span as a child.",
        helpLinkUri: RuleIdentifiers.GetHelpUri(RuleIdentifiers.ActivityNotDisposed));

    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

    /// <inheritdoc />
    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCode.Flags);
        context.RegisterCompilationStartAction(start =>
        {
            var source = start.Compilation.GetTypeByMetadataName("System.Diagnostics.ActivitySource");
            if (source is null)
            {
                return;
            }

            start.RegisterSyntaxNodeAction(
                c =>
                {
                    var syntax = (InvocationExpressionSyntax)c.Node;
                    if (InvocationNames.Of(syntax) != "StartActivity" || IsUsingDeclarationInitializer(syntax) ||
                        c.SemanticModel.GetSymbolInfo(syntax, c.CancellationToken).Symbol is not IMethodSymbol { ContainingType: { } containing } ||
                        !SymbolEqualityComparer.Default.Equals(containing, source) ||
                        c.SemanticModel.GetOperation(syntax, c.CancellationToken) is not IInvocationOperation invocation ||
                        !string.Equals(invocation.TargetMethod.Name, "StartActivity", StringComparison.Ordinal) ||
                        !SymbolEqualityComparer.Default.Equals(invocation.TargetMethod.ContainingType, source))
                    {
                        return;
                    }

                    var parent = invocation.Parent;
                    while (parent is IConversionOperation)
                    {
                        parent = parent.Parent;
                    }

                    switch (parent)
                    {
                        case IExpressionStatementOperation:
                            c.ReportUnlessHidden(Diagnostic.Create(Rule, invocation.Syntax.GetLocation()));
                            break;
                        case IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator } when !IsUsing(declarator) && !IsReleased(declarator.Symbol, invocation):
                            c.ReportUnlessHidden(Diagnostic.Create(Rule, invocation.Syntax.GetLocation()));
                            break;
                    }
                },
                SyntaxKind.InvocationExpression);
        });
    }

    /// <summary><c>using var activity = source.StartActivity(…)</c> and <c>using (source.StartActivity(…))</c>, read from syntax.</summary>
    private static bool IsUsingDeclarationInitializer(InvocationExpressionSyntax syntax)
    {
        SyntaxNode? parent = syntax.Parent;
        while (parent is ParenthesizedExpressionSyntax or CastExpressionSyntax or BinaryExpressionSyntax { RawKind: (int)SyntaxKind.AsExpression })
        {
            parent = parent.Parent;
        }

        return parent switch
        {
            EqualsValueClauseSyntax { Parent: VariableDeclaratorSyntax { Parent: VariableDeclarationSyntax { Parent: LocalDeclarationStatementSyntax { UsingKeyword.RawKind: (int)SyntaxKind.UsingKeyword } } } } => true,
            EqualsValueClauseSyntax { Parent: VariableDeclaratorSyntax { Parent: VariableDeclarationSyntax { Parent: UsingStatementSyntax } } } => true,
            UsingStatementSyntax => true,
            _ => false,
        };
    }

    /// <summary>Looks for a releasing use of the local anywhere in the enclosing body (rare path: only after a StartActivity into a plain local).</summary>
    private static bool IsReleased(ILocalSymbol local, IOperation start)
    {
        var root = start;
        while (root.Parent is not null)
        {
            root = root.Parent;
        }

        foreach (var operation in root.Descendants())
        {
            if (operation is ILocalReferenceOperation reference && SymbolEqualityComparer.Default.Equals(reference.Local, local) && Releases(reference))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsUsing(IVariableDeclaratorOperation declarator)
    {
        for (IOperation? current = declarator.Parent; current is not null; current = current.Parent)
        {
            switch (current)
            {
                case IUsingDeclarationOperation:
                case IUsingOperation:
                    return true;
                case IVariableDeclarationOperation:
                case IVariableDeclarationGroupOperation:
                    continue;
                default:
                    return false;
            }
        }

        return false;
    }

    /// <summary>Stopped, disposed, returned, stored, passed on or captured: the local's owner is responsible from there.</summary>
    private static bool Releases(ILocalReferenceOperation reference)
    {
        var parent = reference.Parent;
        while (parent is IConversionOperation)
        {
            parent = parent.Parent;
        }

        switch (parent)
        {
            case IInvocationOperation invocation when invocation.Instance is not null && ReferenceEquals(Unwrap(invocation.Instance), reference):
                return invocation.TargetMethod.Name is "Stop" or "Dispose";
            case IConditionalAccessOperation { WhenNotNull: IInvocationOperation call } access when ReferenceEquals(Unwrap(access.Operation), reference):
                return call.TargetMethod.Name is "Stop" or "Dispose";
            case IUsingOperation:
            case IReturnOperation:
            case IArgumentOperation:
            case IAnonymousFunctionOperation:
                return true;
            case ISimpleAssignmentOperation assignment:
                return ReferenceEquals(Unwrap(assignment.Value), reference);
            default:
                return parent is null || reference.Syntax.Parent?.Parent is Microsoft.CodeAnalysis.CSharp.Syntax.LambdaExpressionSyntax;
        }
    }

    private static IOperation Unwrap(IOperation operation)
    {
        while (operation is IConversionOperation conversion)
        {
            operation = conversion.Operand;
        }

        return operation;
    }
}
