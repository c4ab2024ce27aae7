using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using MatCarv.Analyzers.Internals;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace MatCarv.Analyzers.Rules.Observability;

/// <summary>
/// MCV2001: a Lambda handler (a method or lambda taking <c>Amazon.Lambda.Core.ILambdaContext</c>) or a configured entry
/// point starts no span. Without one, the work of the invocation is invisible in X-Ray below the function segment.
/// Recognised span starts: <c>ActivitySource.StartActivity</c>, <c>MatCarvLambda.RunAsync/BeginInvocation</c>,
/// OpenTelemetry <c>Tracer.Start*Span</c>, any <c>StartSpan</c>/<c>StartActivity</c> of MatCarv, and configured methods.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class EntryPointWithoutSpanAnalyzer : DiagnosticAnalyzer
{
    private static readonly DiagnosticDescriptor Rule = new(
        RuleIdentifiers.EntryPointWithoutSpan,
        title: "Entry point starts no span",
        messageFormat: "'{0}' is an entry point that starts no span: start one with ActivitySource.StartActivity so its work shows in X-Ray",
        category: RuleCategories.Observability,
        defaultSeverity: DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "Each Lambda handler and configured entry point starts a span (an Activity) so that its duration, errors and downstream calls appear in the trace.",
        helpLinkUri: RuleIdentifiers.GetHelpUri(RuleIdentifiers.EntryPointWithoutSpan));

    private static readonly string[] SpanMethodNames = { "StartActivity", "StartSpan", "StartActiveSpan", "StartRootSpan", "TraceAsync" };

    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

    /// <inheritdoc />
    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCode.Flags);
        context.RegisterCompilationStartAction(start =>
        {
            var state = new CompilationState(start.Compilation, start.Options);

            // Operation trees are built only for types that declare an entry point, and lambdas are bound only when
            // they take two or more parameters (a handler takes input and context).
            start.RegisterSymbolStartAction(state.OnTypeStart, SymbolKind.NamedType);
            if (state.LambdaContext is not null)
            {
                start.RegisterSyntaxNodeAction(state.OnLambda, SyntaxKind.ParenthesizedLambdaExpression, SyntaxKind.AnonymousMethodExpression);
            }
        });
    }

    private sealed class CompilationState
    {
        private readonly PerOptionsCache<Settings> _settings;

        public CompilationState(Compilation compilation, AnalyzerOptions options)
        {
            LambdaContext = compilation.GetTypeByMetadataName("Amazon.Lambda.Core.ILambdaContext");
            _settings = new PerOptionsCache<Settings>(options, o => new Settings(o));
        }

        public INamedTypeSymbol? LambdaContext { get; }

        public void OnBlock(OperationBlockAnalysisContext context)
        {
            if (context.OwningSymbol is not IMethodSymbol { MethodKind: MethodKind.Ordinary, IsAbstract: false } method ||
                context.OperationBlocks.IsEmpty)
            {
                return;
            }

            var isHandler = IsLambdaHandler(method.Parameters);
            Settings? settings = null;
            if (!isHandler)
            {
                settings = _settings.Get(context.OperationBlocks[0].Syntax.SyntaxTree);
                if (!settings.IsConfiguredEntryPoint(method))
                {
                    return;
                }
            }

            settings ??= _settings.Get(context.OperationBlocks[0].Syntax.SyntaxTree);
            foreach (var block in context.OperationBlocks)
            {
                foreach (var operation in block.DescendantsAndSelf())
                {
                    if (operation is IInvocationOperation invocation && IsSpanStart(invocation.TargetMethod, settings))
                    {
                        return;
                    }
                }
            }

            // Reported at the method's declaration, which for a partial method may be another part than the analysed body.
            var location = method.Locations[0];
            if (!GeneratedCode.Contains(location, method, context.Options, context.CancellationToken))
            {
                context.ReportDiagnostic(Diagnostic.Create(Rule, location, method.Name));
            }
        }

        public void OnTypeStart(SymbolStartAnalysisContext context)
        {
            var type = (INamedTypeSymbol)context.Symbol;
            var tree = type.DeclaringSyntaxReferences.Length > 0 ? type.DeclaringSyntaxReferences[0].SyntaxTree : null;
            if (tree is null)
            {
                return;
            }

            var settings = _settings.Get(tree);
            foreach (var member in type.GetMembers())
            {
                if (member is IMethodSymbol { MethodKind: MethodKind.Ordinary, IsAbstract: false } method &&
                    (IsLambdaHandler(method.Parameters) || settings.IsConfiguredEntryPoint(method)))
                {
                    context.RegisterOperationBlockAction(OnBlock);
                    return;
                }
            }
        }

        public void OnLambda(SyntaxNodeAnalysisContext context)
        {
            var parameters = context.Node switch
            {
                ParenthesizedLambdaExpressionSyntax lambda => lambda.ParameterList.Parameters.Count,
                AnonymousMethodExpressionSyntax anonymous => anonymous.ParameterList?.Parameters.Count ?? 0,
                _ => 0,
            };
            // The lambda's symbol first (cheap); the operation tree only for real handlers.
            if (parameters < 2 || context.SemanticModel.GetSymbolInfo(context.Node, context.CancellationToken).Symbol is not IMethodSymbol lambdaSymbol ||
                !IsLambdaHandler(lambdaSymbol.Parameters) ||
                context.SemanticModel.GetOperation(context.Node, context.CancellationToken) is not IAnonymousFunctionOperation function)
            {
                return;
            }

            var settings = _settings.Get(function.Syntax.SyntaxTree);
            foreach (var descendant in function.Body.Descendants())
            {
                if (descendant is IInvocationOperation invocation && IsSpanStart(invocation.TargetMethod, settings))
                {
                    return;
                }
            }

            context.ReportUnlessHidden(Diagnostic.Create(Rule, context.Node.GetLocation(), "lambda handler"));
        }

        private bool IsLambdaHandler(ImmutableArray<IParameterSymbol> parameters)
        {
            if (LambdaContext is null)
            {
                return false;
            }

            foreach (var parameter in parameters)
            {
                if (SymbolEqualityComparer.Default.Equals(parameter.Type, LambdaContext))
                {
                    return true;
                }
            }

            return false;
        }

        private static bool IsSpanStart(IMethodSymbol method, Settings settings)
        {
            var type = method.ContainingType;
            if (type is null)
            {
                return false;
            }

            var typeName = type.ToDisplayString();
            if (settings.SpanMethods.Contains(typeName + "." + method.Name))
            {
                return true;
            }

            if (Array.IndexOf(SpanMethodNames, method.Name) >= 0)
            {
                return typeName == "System.Diagnostics.ActivitySource" || typeName == "OpenTelemetry.Trace.Tracer" ||
                       typeName.StartsWith("MatCarv.", StringComparison.Ordinal);
            }

            // The SDK's invocation scope opens the function's span.
            return typeName == "MatCarv.Observability.Lambda.MatCarvLambda" &&
                   (method.Name == "RunAsync" || method.Name == "BeginInvocation");
        }
    }

    private sealed class Settings
    {
        private static readonly char[] Separators = { ',', ';', '|', ' ' };

        public Settings(AnalyzerConfigOptions options)
        {
            var reader = new OptionReader(options, RuleIdentifiers.EntryPointWithoutSpan, RuleCategories.Observability);
            EntryPoints = ReadList(reader.GetString("entry_points"));
            SpanMethods = ReadList(reader.GetString("span_methods"));
        }

        public HashSet<string> EntryPoints { get; }

        public HashSet<string> SpanMethods { get; }

        public bool IsConfiguredEntryPoint(IMethodSymbol method) =>
            EntryPoints.Count > 0 &&
            (EntryPoints.Contains(method.ContainingType.ToDisplayString() + "." + method.Name) ||
             EntryPoints.Contains(method.ContainingType.ToDisplayString() + ".*"));

        private static HashSet<string> ReadList(string? value)
        {
            var set = new HashSet<string>(StringComparer.Ordinal);
            if (value is not null)
            {
                foreach (var item in value.Split(Separators, StringSplitOptions.RemoveEmptyEntries))
                {
                    set.Add(item.Trim());
                }
            }

            return set;
        }
    }
}
