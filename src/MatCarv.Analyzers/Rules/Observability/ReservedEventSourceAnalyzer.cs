using System;
using System.Collections.Immutable;
using MatCarv.Analyzers.Internals;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace MatCarv.Analyzers.Rules.Observability;

/// <summary>
/// MCV2005: an EventBridge event <c>Source</c> (MatCarv health events, or an AWS SDK <c>PutEventsRequestEntry</c>) that
/// starts with <c>aws.</c>. That prefix is reserved for AWS services: PutEvents rejects every such entry, so health events
/// would silently never arrive.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class ReservedEventSourceAnalyzer : DiagnosticAnalyzer
{
    private static readonly DiagnosticDescriptor Rule = new(
        RuleIdentifiers.ReservedEventSource,
        title: "Event source uses the reserved \"aws.\" prefix",
        messageFormat: "Event source \"{0}\" starts with \"aws.\", which EventBridge reserves for AWS services: PutEvents will reject the events; use reverse DNS of your organisation (com.example.orders)",
        category: RuleCategories.Observability,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "EventBridge rejects custom events whose Source begins with \"aws.\".",
        helpLinkUri: RuleIdentifiers.GetHelpUri(RuleIdentifiers.ReservedEventSource));

    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

    /// <inheritdoc />
    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCode.Flags);
        context.RegisterCompilationStartAction(start =>
        {
            var healthOptions = start.Compilation.GetTypeByMetadataName("MatCarv.HealthEvents.HealthEventsOptions");
            var entry = start.Compilation.GetTypeByMetadataName("Amazon.EventBridge.Model.PutEventsRequestEntry");
            if (healthOptions is null && entry is null)
            {
                return;
            }

            start.RegisterOperationAction(
                context =>
                {
                    var assignment = (ISimpleAssignmentOperation)context.Operation;
                    if (assignment.Target is not IPropertyReferenceOperation { Property: { Name: "Source" } property } ||
                        !(SymbolEqualityComparer.Default.Equals(property.ContainingType, healthOptions) || SymbolEqualityComparer.Default.Equals(property.ContainingType, entry)))
                    {
                        return;
                    }

                    if (assignment.Value.ConstantValue is { HasValue: true, Value: string source } &&
                        source.TrimStart().StartsWith("aws.", StringComparison.OrdinalIgnoreCase))
                    {
                        context.ReportUnlessHidden(Diagnostic.Create(Rule, assignment.Value.Syntax.GetLocation(), source));
                    }
                },
                OperationKind.SimpleAssignment);
        });
    }
}
