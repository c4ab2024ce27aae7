using System;
using System.Collections.Concurrent;
using System.Collections.Immutable;
using MatCarv.Analyzers.Internals;
using MatCarv.Analyzers.Internals.Secrets;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace MatCarv.Analyzers.Rules.Security;

/// <summary>
/// MCV1005: a secret is read from an environment variable (<c>Environment.GetEnvironmentVariable("DB_PASSWORD")</c>) and,
/// when <c>include_configuration</c> is on, from a configuration key that names one (<c>configuration["Stripe:ApiKey"]</c>).
/// The MatCarv standard keeps secrets in AWS Secrets Manager only: environment variables show in the console, in
/// <c>GetFunctionConfiguration</c>, in task definitions and in crash dumps. Configuration reads are off by default: the
/// standard backs <c>IConfiguration</c> with Secrets Manager and the analyzer cannot see which provider serves a key.
/// Variables the platform itself sets with temporary credentials (<c>AWS_SESSION_TOKEN</c>) are not reported, and neither is
/// test code (tests read their CI secrets from the environment) unless <c>test_code = report</c>.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class SecretFromEnvironmentAnalyzer : DiagnosticAnalyzer
{
    private static readonly DiagnosticDescriptor Rule = new(
        RuleIdentifiers.SecretFromEnvironment,
        title: "Secret is read from an environment variable or configuration",
        messageFormat: "'{0}' names a secret read from {1}: read it from AWS Secrets Manager (keep only the secret's name or ARN in configuration)",
        category: RuleCategories.Security,
        defaultSeverity: DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "Environment variables and plain configuration are visible to anyone who can describe the function, task or instance; secrets belong in AWS Secrets Manager.",
        helpLinkUri: RuleIdentifiers.GetHelpUri(RuleIdentifiers.SecretFromEnvironment));

    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

    /// <inheritdoc />
    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCode.Flags);
        context.RegisterCompilationStartAction(start =>
        {
            var environment = start.Compilation.GetTypeByMetadataName("System.Environment");
            var configuration = start.Compilation.GetTypeByMetadataName("Microsoft.Extensions.Configuration.IConfiguration");
            var binder = start.Compilation.GetTypeByMetadataName("Microsoft.Extensions.Configuration.ConfigurationBinder");
            var state = new CompilationState(start.Compilation, start.Options, environment, configuration, binder);
            start.RegisterSyntaxNodeAction(state.AnalyzeInvocation, SyntaxKind.InvocationExpression);
            if (configuration is not null)
            {
                start.RegisterSyntaxNodeAction(state.AnalyzeIndexer, SyntaxKind.ElementAccessExpression);
            }
        });
    }

    private sealed class CompilationState
    {
        private readonly INamedTypeSymbol? _environment;
        private readonly INamedTypeSymbol? _configuration;
        private readonly INamedTypeSymbol? _binder;
        private readonly TestCodeClassifier _testCode;
        private readonly PerOptionsCache<Settings> _settings;

        public CompilationState(Compilation compilation, AnalyzerOptions options, INamedTypeSymbol? environment, INamedTypeSymbol? configuration, INamedTypeSymbol? binder)
        {
            _environment = environment;
            _configuration = configuration;
            _binder = binder;
            _testCode = new TestCodeClassifier(compilation);
            _settings = new PerOptionsCache<Settings>(options, o => new Settings(o));
        }

        public void AnalyzeInvocation(SyntaxNodeAnalysisContext context)
        {
            var syntax = (InvocationExpressionSyntax)context.Node;
            var name = InvocationNames.Of(syntax);
            if (name is not ("GetEnvironmentVariable" or "GetValue") || syntax.ArgumentList.Arguments.Count == 0 ||
                (name == "GetValue" && !_settings.Get(syntax.SyntaxTree).IncludeConfiguration) ||
                context.SemanticModel.GetOperation(syntax, context.CancellationToken) is not IInvocationOperation invocation ||
                invocation.Arguments.Length == 0)
            {
                return;
            }

            var method = invocation.TargetMethod;
            if (string.Equals(method.Name, "GetEnvironmentVariable", StringComparison.Ordinal) &&
                SymbolEqualityComparer.Default.Equals(method.ContainingType, _environment))
            {
                Check(context, invocation.Arguments[0].Value, "an environment variable", isConfiguration: false);
            }
            else if (_binder is not null && SymbolEqualityComparer.Default.Equals(method.ContainingType, _binder) && invocation.Arguments.Length >= 2)
            {
                Check(context, invocation.Arguments[1].Value, "configuration", isConfiguration: true);
            }
        }

        public void AnalyzeIndexer(SyntaxNodeAnalysisContext context)
        {
            var syntax = (ElementAccessExpressionSyntax)context.Node;
            if (!_settings.Get(syntax.SyntaxTree).IncludeConfiguration || syntax.ArgumentList.Arguments.Count != 1 || syntax.ArgumentList.Arguments[0].Expression is not LiteralExpressionSyntax ||
                context.SemanticModel.GetOperation(syntax, context.CancellationToken) is not IPropertyReferenceOperation reference ||
                !reference.Property.IsIndexer || reference.Arguments.Length != 1 || IsAssignmentTarget(reference) || !IsConfiguration(reference.Property.ContainingType))
            {
                return;
            }

            Check(context, reference.Arguments[0].Value, "configuration", isConfiguration: true);
        }

        private static bool IsAssignmentTarget(IOperation operation) =>
            operation.Parent is IAssignmentOperation assignment && assignment.Target == operation;

        private bool IsConfiguration(INamedTypeSymbol type)
        {
            if (SymbolEqualityComparer.Default.Equals(type, _configuration))
            {
                return true;
            }

            foreach (var implemented in type.AllInterfaces)
            {
                if (SymbolEqualityComparer.Default.Equals(implemented, _configuration))
                {
                    return true;
                }
            }

            return false;
        }

        private void Check(SyntaxNodeAnalysisContext context, IOperation keyOperation, string source, bool isConfiguration)
        {
            var key = NamedStringValues.GetConstantString(keyOperation);
            if (key is null)
            {
                return;
            }

            var settings = _settings.Get(context.Node.SyntaxTree);
            if ((isConfiguration && !settings.IncludeConfiguration) || settings.IgnoredVariables.Contains(key) || settings.Classify(key) == SecretNameKind.None)
            {
                return;
            }

            // Tests read their CI secrets from the environment: nothing to report there unless asked (test_code = report).
            if (settings.Policy != TestCodePolicy.Report && _testCode.IsTestCode(context.Node, context.SemanticModel, settings.Secrets.TreatAsTestCode, context.CancellationToken))
            {
                return;
            }

            context.ReportUnlessHidden(Diagnostic.Create(Rule, keyOperation.Syntax.GetLocation(), key, source));
        }
    }

    private sealed class Settings
    {
        /// <summary>
        /// Variables the AWS platform sets itself with temporary credentials of the execution role (Lambda and ECS set
        /// AWS_SESSION_TOKEN with AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY; AWS_CONTAINER_AUTHORIZATION_TOKEN authorises the
        /// container credentials endpoint). Reading them is how the SDK works, not a secret put in the environment by a person.
        /// AWS_SECRET_ACCESS_KEY stays reported: outside Lambda and ECS it may hold a long-term key.
        /// </summary>
        private static readonly string[] DefaultIgnoredVariables = { "AWS_SESSION_TOKEN", "AWS_SECURITY_TOKEN", "AWS_CONTAINER_AUTHORIZATION_TOKEN" };

        private readonly ConcurrentDictionary<string, SecretNameKind> _names = new(StringComparer.Ordinal);

        public Settings(AnalyzerConfigOptions options)
        {
            Secrets = SecretSettings.Read(options, RuleIdentifiers.SecretFromEnvironment);
            var reader = new OptionReader(options, RuleIdentifiers.SecretFromEnvironment, RuleCategories.Security);
            Policy = TestCodePolicies.Read(reader);
            IncludeConfiguration = reader.GetBool("include_configuration", false);
            IgnoredVariables = reader.GetWordSet("ignored_variables", DefaultIgnoredVariables);
        }

        public SecretSettings Secrets { get; }

        public TestCodePolicy Policy { get; }

        /// <summary>Off by default: see the class summary and docs/Rules/MCV1005.md.</summary>
        public bool IncludeConfiguration { get; }

        /// <summary>Names never reported (case-insensitive).</summary>
        public System.Collections.Generic.HashSet<string> IgnoredVariables { get; }

        public SecretNameKind Classify(string key) => _names.GetOrAdd(key, k => SecretNameClassifier.Classify(k, Secrets));
    }
}
