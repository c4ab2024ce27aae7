using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using MatCarv.Analyzers.Internals;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace MatCarv.Analyzers.Rules.Security;

/// <summary>
/// MCV1001: an AWS access key id (<c>AKIA…</c>, <c>ASIA…</c>) in a string, or a 40-character secret access key that sits
/// next to one, is named as one, or is passed to an AWS SDK credentials API.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class HardcodedAwsCredentialAnalyzer : DiagnosticAnalyzer
{
    private static readonly DiagnosticDescriptor Rule = new(
        RuleIdentifiers.HardcodedAwsCredential,
        title: "AWS credential is hard-coded",
        messageFormat: "Hard-coded AWS {0}: revoke it and let the function's or task's IAM role provide credentials",
        category: RuleCategories.Security,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "AWS access keys in source code end up in every clone, build log and package. Code running on AWS gets temporary credentials from its IAM role; anything else comes from AWS Secrets Manager.",
        helpLinkUri: RuleIdentifiers.GetHelpUri(RuleIdentifiers.HardcodedAwsCredential));

    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

    /// <inheritdoc />
    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(start =>
        {
            var state = new CompilationState(start.Compilation, start.Options);
            start.RegisterSyntaxNodeAction(state.AnalyzeLiteral, LiteralText.Kinds);
        });
    }

    private sealed class CompilationState
    {
        private readonly bool _isTestProject;
        private readonly PerOptionsCache<RuleSwitch> _switches;
        private readonly ConcurrentDictionary<(SyntaxTree, TextSpan), bool> _reported = new();

        public CompilationState(Compilation compilation, AnalyzerOptions options)
        {
            _isTestProject = TestCode.IsTestProject(compilation);
            _switches = new PerOptionsCache<RuleSwitch>(options, o => RuleSwitch.Read(o, RuleIdentifiers.HardcodedAwsCredential, RuleCategories.Security, excludeTestProjectsByDefault: false));
        }

        public void AnalyzeLiteral(SyntaxNodeAnalysisContext context)
        {
            var text = LiteralText.GetText(context.Node);
            if (text is null || text.Length < 20 || !_switches.Get(context.Node.SyntaxTree).Applies(_isTestProject))
            {
                return;
            }

            if (AwsCredentialPatterns.FindAccessKeyId(text) is not null)
            {
                Report(context.ReportDiagnostic, context.Node, "access key id");
                return;
            }

            // A secret key inside a credentials/ini text, or a lone 40-character key in a type that also holds an access key id.
            var named = text.IndexOf("secret_access_key", System.StringComparison.OrdinalIgnoreCase) >= 0 ||
                        text.IndexOf("SecretAccessKey", System.StringComparison.OrdinalIgnoreCase) >= 0;
            if (named ? AwsCredentialPatterns.FindSecretAccessKey(text) is not null
                      : text.Length == 40 && AwsCredentialPatterns.IsSecretAccessKey(text) &&
                        (AwsCredentialPatterns.TypeHoldsAccessKeyId(context.Node) || IsNamedAsAwsSecret(context)))
            {
                Report(context.ReportDiagnostic, context.Node, "secret access key");
            }
        }

        /// <summary>Named as one (<c>awsSecretKey = "…"</c>) or passed to an AWS SDK API's secret parameter.</summary>
        private static bool IsNamedAsAwsSecret(SyntaxNodeAnalysisContext context)
        {
            var operation = context.SemanticModel.GetOperation(context.Node, context.CancellationToken);
            if (operation is null)
            {
                return false;
            }

            var values = new List<NamedStringValue>(2);
            SecretNameFinder.Find(operation, context.ContainingSymbol, values);
            foreach (var value in values)
            {
                var words = NameWords.Split(value.Name);
                if (AwsCredentialPatterns.IsAwsSecretName(words) || (value.IsAmazonApi && words.Contains("secret")))
                {
                    return true;
                }
            }

            return false;
        }

        private void Report(System.Action<Diagnostic> report, SyntaxNode node, string what)
        {
            if (_reported.TryAdd((node.SyntaxTree, node.Span), true))
            {
                report(Diagnostic.Create(Rule, node.GetLocation(), what));
            }
        }
    }
}
