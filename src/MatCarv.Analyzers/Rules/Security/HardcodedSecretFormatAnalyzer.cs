using System.Collections.Immutable;
using MatCarv.Analyzers.Internals;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace MatCarv.Analyzers.Rules.Security;

/// <summary>
/// MCV1002: a string holds a secret whose format gives it away: a PEM private key, a GitHub/GitLab/npm/Slack/Stripe
/// live/Google/SendGrid/OpenAI/Anthropic/… token or a signed JWT.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class HardcodedSecretFormatAnalyzer : DiagnosticAnalyzer
{
    private static readonly DiagnosticDescriptor Rule = new(
        RuleIdentifiers.HardcodedSecretFormat,
        title: "Secret with a recognisable format is hard-coded",
        messageFormat: "Hard-coded {0}: revoke it and load it from AWS Secrets Manager at start-up",
        category: RuleCategories.Security,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "Tokens and keys with a vendor prefix or a fixed structure are live credentials; once committed they must be considered leaked.",
        helpLinkUri: RuleIdentifiers.GetHelpUri(RuleIdentifiers.HardcodedSecretFormat));

    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

    /// <inheritdoc />
    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(start =>
        {
            var isTestProject = TestCode.IsTestProject(start.Compilation);
            var switches = new PerOptionsCache<RuleSwitch>(start.Options, o => RuleSwitch.Read(o, RuleIdentifiers.HardcodedSecretFormat, RuleCategories.Security, excludeTestProjectsByDefault: false));
            start.RegisterSyntaxNodeAction(
                context =>
                {
                    var text = LiteralText.GetText(context.Node);
                    if (text is null || text.Length < KnownSecretFormats.MinimumLength || !switches.Get(context.Node.SyntaxTree).Applies(isTestProject))
                    {
                        return;
                    }

                    var found = KnownSecretFormats.Find(text);
                    if (found is not null)
                    {
                        context.ReportDiagnostic(Diagnostic.Create(Rule, context.Node.GetLocation(), found.Value.Format));
                    }
                },
                LiteralText.Kinds);
        });
    }
}
