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
/// MCV2003: an interpolated or concatenated string passed as the message template of <c>ILogger.Log*</c> (or Serilog).
/// The values are baked into the text: they are not searchable fields, every line is a new template, and the string is
/// built even when the level is disabled.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class DynamicLogTemplateAnalyzer : DiagnosticAnalyzer
{
    private static readonly DiagnosticDescriptor Rule = new(
        RuleIdentifiers.DynamicLogTemplate,
        title: "Log message template is built at run time",
        messageFormat: "The message template of '{0}' is {1}: use a constant template with named holes and pass the values as arguments",
        category: RuleCategories.Observability,
        defaultSeverity: DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "Structured logging keeps the template constant and the values as named fields, so that they can be queried in CloudWatch Logs Insights.",
        helpLinkUri: RuleIdentifiers.GetHelpUri(RuleIdentifiers.DynamicLogTemplate));

    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

    /// <inheritdoc />
    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCode.Flags);
        context.RegisterCompilationStartAction(start =>
        {
            var loggerExtensions = start.Compilation.GetTypeByMetadataName("Microsoft.Extensions.Logging.LoggerExtensions");
            var serilogLogger = start.Compilation.GetTypeByMetadataName("Serilog.ILogger");
            var serilogLog = start.Compilation.GetTypeByMetadataName("Serilog.Log");
            if (loggerExtensions is null && serilogLogger is null)
            {
                return;
            }

            start.RegisterSyntaxNodeAction(
                context =>
                {
                    // Only calls that carry a non-literal first/second argument can have a dynamic template.
                    var syntax = (InvocationExpressionSyntax)context.Node;
                    var name = InvocationNames.Of(syntax);
                    if (name is null || !(name.StartsWith("Log", StringComparison.Ordinal) || name == "BeginScope" ||
                                          (serilogLogger is not null && name is "Verbose" or "Debug" or "Information" or "Warning" or "Error" or "Fatal" or "Write")) ||
                        !HasDynamicStringArgument(syntax) ||
                        context.SemanticModel.GetOperation(syntax, context.CancellationToken) is not IInvocationOperation invocation)
                    {
                        return;
                    }

                    var method = invocation.TargetMethod;
                    var type = method.ContainingType;
                    string templateParameter;
                    if (loggerExtensions is not null && SymbolEqualityComparer.Default.Equals(type, loggerExtensions))
                    {
                        templateParameter = method.Name == "BeginScope" ? "messageFormat" : "message";
                    }
                    else if (serilogLogger is not null &&
                             (SymbolEqualityComparer.Default.Equals(type, serilogLogger) || SymbolEqualityComparer.Default.Equals(type, serilogLog) ||
                              type.AllInterfaces.Contains(serilogLogger, SymbolEqualityComparer.Default)))
                    {
                        templateParameter = "messageTemplate";
                    }
                    else
                    {
                        return;
                    }

                    foreach (var argument in invocation.Arguments)
                    {
                        if (argument.Parameter is null || !string.Equals(argument.Parameter.Name, templateParameter, StringComparison.Ordinal))
                        {
                            continue;
                        }

                        var value = argument.Value;
                        while (value is IConversionOperation conversion)
                        {
                            value = conversion.Operand;
                        }

                        if (value.ConstantValue.HasValue)
                        {
                            return;
                        }

                        var kind = value switch
                        {
                            IInterpolatedStringOperation => "an interpolated string",
                            IBinaryOperation { OperatorKind: BinaryOperatorKind.Add } => "a concatenation",
                            IInvocationOperation { TargetMethod.Name: "Format", TargetMethod.ContainingType.SpecialType: SpecialType.System_String } => "string.Format(…)",
                            _ => null,
                        };
                        if (kind is not null)
                        {
                            context.ReportUnlessHidden(Diagnostic.Create(Rule, value.Syntax.GetLocation(), method.Name, kind));
                        }

                        return;
                    }
                },
                SyntaxKind.InvocationExpression);
        });
    }

    private static bool HasDynamicStringArgument(InvocationExpressionSyntax syntax)
    {
        foreach (var argument in syntax.ArgumentList.Arguments)
        {
            if (argument.Expression is InterpolatedStringExpressionSyntax or BinaryExpressionSyntax or InvocationExpressionSyntax)
            {
                return true;
            }
        }

        return false;
    }
}
