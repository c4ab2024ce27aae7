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
/// MCV2002: <c>Console.Write*</c>, <c>Console.Out/Error.Write*</c>, <c>Debug.Write*</c> or <c>Trace.Write*</c> used for
/// logging in a service or function (a project that references <c>ILogger</c> or the Lambda runtime).
/// Such lines carry no level, no timestamp, no request id and no trace id, and break the structured log schema.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class ConsoleLoggingAnalyzer : DiagnosticAnalyzer
{
    /// <summary>Diagnostic property telling the code fix which <c>ILogger</c> level to use.</summary>
    public const string LevelProperty = "Level";

    private static readonly DiagnosticDescriptor Rule = new(
        RuleIdentifiers.ConsoleLogging,
        title: "Console or Debug output used for logging",
        messageFormat: "'{0}' writes an unstructured line: log through ILogger so the entry carries level, service, request and trace ids",
        category: RuleCategories.Observability,
        defaultSeverity: DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "In a service or function every log entry goes through ILogger, which MatCarv writes as one structured JSON line.",
        helpLinkUri: RuleIdentifiers.GetHelpUri(RuleIdentifiers.ConsoleLogging));

    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

    /// <inheritdoc />
    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCode.Flags);
        context.RegisterCompilationStartAction(start =>
        {
            var compilation = start.Compilation;
            var console = compilation.GetTypeByMetadataName("System.Console");
            var debug = compilation.GetTypeByMetadataName("System.Diagnostics.Debug");
            var trace = compilation.GetTypeByMetadataName("System.Diagnostics.Trace");
            var textWriter = compilation.GetTypeByMetadataName("System.IO.TextWriter");
            var isService = compilation.GetTypeByMetadataName("Microsoft.Extensions.Logging.ILogger") is not null ||
                            compilation.GetTypeByMetadataName("Amazon.Lambda.Core.ILambdaContext") is not null;
            var isTestProject = TestCode.IsTestProject(compilation);
            var settings = new PerOptionsCache<Settings>(start.Options, o => new Settings(o));

            start.RegisterSyntaxNodeAction(
                context =>
                {
                    var syntax = (InvocationExpressionSyntax)context.Node;
                    if (InvocationNames.Of(syntax) is not ("Write" or "WriteLine" or "WriteIf" or "WriteLineIf" or "Print" or "TraceInformation" or "TraceWarning" or "TraceError") ||
                        context.SemanticModel.GetOperation(syntax, context.CancellationToken) is not IInvocationOperation invocation)
                    {
                        return;
                    }

                    var method = invocation.TargetMethod;
                    var level = Classify(invocation, method, console, debug, trace, textWriter);
                    if (level is null)
                    {
                        return;
                    }

                    var options = settings.Get(invocation.Syntax.SyntaxTree);
                    if (!(isService || options.AllProjects) || !options.Switch.Applies(isTestProject))
                    {
                        return;
                    }

                    var properties = ImmutableDictionary<string, string?>.Empty.Add(LevelProperty, level);
                    context.ReportUnlessHidden(Diagnostic.Create(Rule, invocation.Syntax.GetLocation(), properties, method.ContainingType.Name + "." + method.Name));
                },
                SyntaxKind.InvocationExpression);
        });
    }

    /// <summary>Returns the ILogger level that replaces the call, or null when the call is not console/debug output.</summary>
    private static string? Classify(IInvocationOperation invocation, IMethodSymbol method, INamedTypeSymbol? console, INamedTypeSymbol? debug, INamedTypeSymbol? trace, INamedTypeSymbol? textWriter)
    {
        var name = method.Name;
        if (name is not ("Write" or "WriteLine" or "WriteIf" or "WriteLineIf" or "Print" or "TraceInformation" or "TraceWarning" or "TraceError"))
        {
            return null;
        }

        var type = method.ContainingType;
        if (SymbolEqualityComparer.Default.Equals(type, console))
        {
            return name is "Write" or "WriteLine" ? "Information" : null;
        }

        if (SymbolEqualityComparer.Default.Equals(type, debug))
        {
            return name is "Write" or "WriteLine" or "WriteIf" or "WriteLineIf" or "Print" ? "Debug" : null;
        }

        if (SymbolEqualityComparer.Default.Equals(type, trace))
        {
            return name switch
            {
                "Write" or "WriteLine" or "WriteIf" or "WriteLineIf" or "TraceInformation" => "Information",
                "TraceWarning" => "Warning",
                "TraceError" => "Error",
                _ => null,
            };
        }

        // Console.Out.WriteLine(…) and Console.Error.WriteLine(…).
        if (textWriter is not null && name is "Write" or "WriteLine" && IsOrDerivesFrom(type, textWriter) &&
            invocation.Instance is IPropertyReferenceOperation { Property: { } property } &&
            SymbolEqualityComparer.Default.Equals(property.ContainingType, console))
        {
            return string.Equals(property.Name, "Error", StringComparison.Ordinal) ? "Error" : "Information";
        }

        return null;
    }

    private static bool IsOrDerivesFrom(INamedTypeSymbol? type, INamedTypeSymbol baseType)
    {
        for (var current = type; current is not null; current = current.BaseType)
        {
            if (SymbolEqualityComparer.Default.Equals(current, baseType))
            {
                return true;
            }
        }

        return false;
    }

    private sealed class Settings
    {
        public Settings(AnalyzerConfigOptions options)
        {
            var reader = new OptionReader(options, RuleIdentifiers.ConsoleLogging, RuleCategories.Observability);
            AllProjects = reader.GetBool("all_projects", false);
            Switch = RuleSwitch.Read(options, RuleIdentifiers.ConsoleLogging, RuleCategories.Observability, excludeTestProjectsByDefault: true);
        }

        public bool AllProjects { get; }

        public RuleSwitch Switch { get; }
    }
}
