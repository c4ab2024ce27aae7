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
/// MCV2004: Embedded Metric Format misuse against <c>MatCarv.Observability.Metrics.IMetrics</c> and
/// <c>System.Diagnostics.Metrics.Meter</c> (which MatCarv exports as EMF): a unit outside the CloudWatch list, a metric
/// name or dimension key that is not a compile-time constant (unbounded cardinality: every distinct value is a new
/// billed metric), or more than 30 dimensions (CloudWatch's limit per metric).
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class EmfMisuseAnalyzer : DiagnosticAnalyzer
{
    /// <summary>CloudWatch <c>Dimension</c> API reference: at most 30 dimensions per metric.</summary>
    public const int MaxDimensions = 30;

    private static readonly DiagnosticDescriptor Rule = new(
        RuleIdentifiers.EmfMisuse,
        title: "Embedded Metric Format misuse",
        messageFormat: "{0}",
        category: RuleCategories.Observability,
        defaultSeverity: DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "CloudWatch rejects units outside its list and more than 30 dimensions, and bills every distinct metric name and dimension key: names and keys must be compile-time constants.",
        helpLinkUri: RuleIdentifiers.GetHelpUri(RuleIdentifiers.EmfMisuse));

    /// <summary>CloudWatch unit names and the UCUM codes MatCarv maps onto them (anything else becomes <c>None</c>).</summary>
    private static readonly HashSet<string> KnownUnits = new(StringComparer.Ordinal)
    {
        "Seconds", "Microseconds", "Milliseconds", "Bytes", "Kilobytes", "Megabytes", "Gigabytes", "Terabytes", "Bits", "Kilobits",
        "Megabits", "Gigabits", "Terabits", "Percent", "Count", "Bytes/Second", "Kilobytes/Second", "Megabytes/Second",
        "Gigabytes/Second", "Terabytes/Second", "Bits/Second", "Kilobits/Second", "Megabits/Second", "Gigabits/Second",
        "Terabits/Second", "Count/Second", "None",
        "s", "ms", "us", "\u00b5s", "\u03bcs", "By", "kBy", "KBy", "KiBy", "MBy", "MiBy", "GBy", "GiBy", "TBy", "TiBy", "bit", "kbit", "Mbit",
        "Gbit", "Tbit", "By/s", "kBy/s", "KBy/s", "MBy/s", "GBy/s", "TBy/s", "bit/s", "kbit/s", "Mbit/s", "Gbit/s", "Tbit/s", "%",
        "1/s", "{count}/s", "1", string.Empty,
    };

    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

    /// <inheritdoc />
    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCode.Flags);
        context.RegisterCompilationStartAction(start =>
        {
            var metrics = start.Compilation.GetTypeByMetadataName("MatCarv.Observability.Metrics.IMetrics");
            var unit = start.Compilation.GetTypeByMetadataName("MatCarv.Observability.Metrics.MetricUnit");
            var meter = start.Compilation.GetTypeByMetadataName("System.Diagnostics.Metrics.Meter");
            if (metrics is null && meter is null)
            {
                return;
            }

            var state = new CompilationState(metrics, unit, meter);
            start.RegisterSyntaxNodeAction(state.OnInvocation, SyntaxKind.InvocationExpression);
        });
    }

    private sealed class CompilationState
    {
        private readonly INamedTypeSymbol? _metrics;
        private readonly INamedTypeSymbol? _unit;
        private readonly INamedTypeSymbol? _meter;
        private readonly HashSet<long> _definedUnits = new();
        private readonly HashSet<string> _unitMemberNames = new(StringComparer.Ordinal);

        public CompilationState(INamedTypeSymbol? metrics, INamedTypeSymbol? unit, INamedTypeSymbol? meter)
        {
            _metrics = metrics;
            _unit = unit;
            _meter = meter;
            if (unit is not null)
            {
                foreach (var member in unit.GetMembers())
                {
                    if (member is IFieldSymbol { HasConstantValue: true } field)
                    {
                        _definedUnits.Add(Convert.ToInt64(field.ConstantValue, System.Globalization.CultureInfo.InvariantCulture));
                        _unitMemberNames.Add(field.Name);
                    }
                }
            }
        }

        public void OnInvocation(SyntaxNodeAnalysisContext context)
        {
            var syntax = (InvocationExpressionSyntax)context.Node;
            var name = InvocationNames.Of(syntax);
            if (name is null || !(name is "AddMetric" or "PushSingleMetric" or "AddDimension" or "AddDimensionSet" or "SetDefaultDimensions" ||
                                  (_meter is not null && name.StartsWith("Create", StringComparison.Ordinal))) ||
                CannotReport(syntax, name) ||
                context.SemanticModel.GetOperation(syntax, context.CancellationToken) is not IInvocationOperation invocation)
            {
                return;
            }

            var method = invocation.TargetMethod;
            if (_metrics is not null && IsMetricsMethod(method))
            {
                AnalyzeMetricsCall(context, invocation);
                if (method.Name == "AddDimension" && CountAddDimensionCallsBefore(syntax) == MaxDimensions)
                {
                    context.ReportUnlessHidden(Diagnostic.Create(Rule, invocation.Syntax.GetLocation(), $"More than {MaxDimensions} AddDimension calls in one method: CloudWatch accepts at most {MaxDimensions} dimensions per metric"));
                }
            }
            else if (_meter is not null && method.Name.StartsWith("Create", StringComparison.Ordinal) &&
                     SymbolEqualityComparer.Default.Equals(method.ContainingType, _meter))
            {
                AnalyzeInstrument(context, invocation);
            }
        }

        /// <summary>
        /// Whether syntax alone shows that no check of this call can report, so that it is not bound: binding a call binds
        /// (and runs nullable analysis on) its whole method body, which was this rule's main cost on the benchmark project
        /// (benchmarks/analyzers/Harness). These are the shapes of IMetrics' own overloads written positionally:
        /// <c>AddMetric</c>/<c>PushSingleMetric(name, value[, unit[, resolution]])</c> with a string literal name and a
        /// <c>MetricUnit</c> member as unit (no dimensions argument), and <c>AddDimension(key, value)</c> with a string literal
        /// key that is not the 31st in its method. Anything else (named arguments, a fifth argument, a computed name or unit,
        /// Meter's Create* calls) is bound and checked as before.
        /// </summary>
        private bool CannotReport(InvocationExpressionSyntax syntax, string name)
        {
            var arguments = syntax.ArgumentList.Arguments;
            foreach (var argument in arguments)
            {
                if (argument.NameColon is not null || !argument.RefKindKeyword.IsKind(SyntaxKind.None))
                {
                    return false;
                }
            }

            switch (name)
            {
                case "AddMetric" or "PushSingleMetric":
                    return arguments.Count is >= 2 and <= 4 && arguments[0].Expression.IsKind(SyntaxKind.StringLiteralExpression) &&
                           (arguments.Count < 3 || IsDefinedUnitMember(arguments[2].Expression));
                case "AddDimension":
                    return arguments.Count == 2 && arguments[0].Expression.IsKind(SyntaxKind.StringLiteralExpression) &&
                           CountAddDimensionCallsBefore(syntax) != MaxDimensions;
                default:
                    return false;
            }
        }

        /// <summary><c>MetricUnit.Count</c>, naming a member of the compilation's MetricUnit enum.</summary>
        private bool IsDefinedUnitMember(ExpressionSyntax expression) =>
            _unit is not null && expression is MemberAccessExpressionSyntax { Name: IdentifierNameSyntax member } access &&
            access.Expression switch
            {
                IdentifierNameSyntax type => type.Identifier.ValueText == _unit.Name,
                MemberAccessExpressionSyntax qualified => qualified.Name.Identifier.ValueText == _unit.Name,
                _ => false,
            } &&
            _unitMemberNames.Contains(member.Identifier.ValueText);

        /// <summary>AddDimension calls earlier in the same body (syntactic count; only done when an AddDimension call is seen).</summary>
        private static int CountAddDimensionCallsBefore(InvocationExpressionSyntax invocation)
        {
            var body = invocation.FirstAncestorOrSelf<Microsoft.CodeAnalysis.CSharp.Syntax.MemberDeclarationSyntax>();
            if (body is null)
            {
                return 0;
            }

            var count = 0;
            foreach (var node in body.DescendantNodes())
            {
                if (node.SpanStart >= invocation.SpanStart)
                {
                    break;
                }

                if (node is Microsoft.CodeAnalysis.CSharp.Syntax.InvocationExpressionSyntax { Expression: Microsoft.CodeAnalysis.CSharp.Syntax.MemberAccessExpressionSyntax { Name.Identifier.ValueText: "AddDimension" } })
                {
                    count++;
                }
            }

            return count;
        }

        private bool IsMetricsMethod(IMethodSymbol method)
        {
            var type = method.ContainingType;
            return SymbolEqualityComparer.Default.Equals(type, _metrics) || type.AllInterfaces.Contains(_metrics!, SymbolEqualityComparer.Default);
        }

        private void AnalyzeMetricsCall(SyntaxNodeAnalysisContext context, IInvocationOperation invocation)
        {
            foreach (var argument in invocation.Arguments)
            {
                if (argument.Parameter is null || argument.ArgumentKind == ArgumentKind.DefaultValue)
                {
                    continue;
                }

                var name = argument.Parameter.Name;
                var method = invocation.TargetMethod.Name;
                if (name == "name" && method is "AddMetric" or "PushSingleMetric")
                {
                    CheckConstant(context, argument.Value, "metric name");
                }
                else if (name == "key" && method == "AddDimension")
                {
                    CheckConstant(context, argument.Value, "dimension key");
                }
                else if (name == "unit" && _unit is not null)
                {
                    CheckUnit(context, argument.Value);
                }
                else if (name == "dimensions")
                {
                    CheckDimensions(context, argument.Value);
                }
            }
        }

        private static void AnalyzeInstrument(SyntaxNodeAnalysisContext context, IInvocationOperation invocation)
        {
            foreach (var argument in invocation.Arguments)
            {
                if (argument.Parameter is null || argument.ArgumentKind == ArgumentKind.DefaultValue)
                {
                    continue;
                }

                if (argument.Parameter.Name == "name")
                {
                    CheckConstant(context, argument.Value, "instrument name");
                }
                else if (argument.Parameter.Name == "unit" && argument.Value.ConstantValue is { HasValue: true, Value: string unit } &&
                         !KnownUnits.Contains(unit) && !(unit.StartsWith("{", StringComparison.Ordinal) && unit.EndsWith("}", StringComparison.Ordinal)))
                {
                    context.ReportUnlessHidden(Diagnostic.Create(Rule, argument.Value.Syntax.GetLocation(), $"Unit \"{unit}\" is neither a CloudWatch unit nor a UCUM code MatCarv maps to one: it is published as None"));
                }
            }
        }

        private void CheckUnit(SyntaxNodeAnalysisContext context, IOperation value)
        {
            if (value.ConstantValue.HasValue && value.ConstantValue.Value is not null)
            {
                var number = Convert.ToInt64(value.ConstantValue.Value, System.Globalization.CultureInfo.InvariantCulture);
                if (!_definedUnits.Contains(number))
                {
                    context.ReportUnlessHidden(Diagnostic.Create(Rule, value.Syntax.GetLocation(), $"Unit value {number} is not a CloudWatch unit: use a MetricUnit member"));
                }
            }
        }

        private static void CheckDimensions(SyntaxNodeAnalysisContext context, IOperation value)
        {
            while (value is IConversionOperation conversion)
            {
                value = conversion.Operand;
            }

            var elements = GetElements(value);
            if (elements is null)
            {
                return;
            }

            if (elements.Count > MaxDimensions)
            {
                context.ReportUnlessHidden(Diagnostic.Create(Rule, value.Syntax.GetLocation(), $"{elements.Count} dimensions: CloudWatch accepts at most {MaxDimensions} per metric"));
            }

            foreach (var key in elements)
            {
                CheckConstant(context, key, "dimension key");
            }
        }

        /// <summary>The key operations of a literal dimension collection, or null when the collection is not literal.</summary>
        private static List<IOperation>? GetElements(IOperation value)
        {
            IEnumerable<IOperation>? items = value switch
            {
                ICollectionExpressionOperation collection => collection.Elements,
                IArrayCreationOperation { Initializer: { } initializer } => initializer.ElementValues,
                IObjectCreationOperation { Initializer: { } initializer } => initializer.Initializers,
                _ => null,
            };
            if (items is null)
            {
                return null;
            }

            var keys = new List<IOperation>();
            foreach (var item in items)
            {
                var element = item;
                while (element is IConversionOperation conversion)
                {
                    element = conversion.Operand;
                }

                switch (element)
                {
                    case IObjectCreationOperation creation when creation.Arguments.Length == 2:
                        keys.Add(creation.Arguments[0].Value);
                        break;
                    case IInvocationOperation { Arguments.Length: 1 } add when add.Arguments[0].Value is IObjectCreationOperation { Arguments.Length: 2 } pair:
                        // new List<KeyValuePair<string, string>> { new("k", "v") }.
                        keys.Add(pair.Arguments[0].Value);
                        break;
                    case IInvocationOperation invocation when invocation.Arguments.Length >= 2:
                        // KeyValuePair.Create(k, v) or a collection initializer's Add(k, v).
                        keys.Add(invocation.Arguments[invocation.Instance is null && invocation.TargetMethod.IsExtensionMethod ? 1 : 0].Value);
                        break;
                    case ISimpleAssignmentOperation { Target: IPropertyReferenceOperation { Property.IsIndexer: true } indexer } when indexer.Arguments.Length == 1:
                        keys.Add(indexer.Arguments[0].Value);
                        break;
                    case ITupleOperation tuple when tuple.Elements.Length == 2:
                        keys.Add(tuple.Elements[0]);
                        break;
                    default:
                        keys.Add(element);
                        break;
                }
            }

            return keys;
        }

        private static void CheckConstant(SyntaxNodeAnalysisContext context, IOperation value, string what)
        {
            var operand = value;
            while (operand is IConversionOperation conversion)
            {
                operand = conversion.Operand;
            }

            if (operand.ConstantValue.HasValue || operand.Type?.SpecialType != SpecialType.System_String)
            {
                return;
            }

            // A static readonly field or nameof() is as bounded as a constant.
            if (operand is IFieldReferenceOperation { Field: { IsStatic: true, IsReadOnly: true } } || operand is INameOfOperation)
            {
                return;
            }

            context.ReportUnlessHidden(Diagnostic.Create(Rule, value.Syntax.GetLocation(), $"The {what} is not a compile-time constant: every distinct value becomes a new CloudWatch metric (put variable data in metadata or a log field)"));
        }
    }
}
