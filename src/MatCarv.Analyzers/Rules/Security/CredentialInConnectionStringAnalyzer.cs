using System.Collections.Immutable;
using MatCarv.Analyzers.Internals;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace MatCarv.Analyzers.Rules.Security;

/// <summary>
/// MCV1004: a connection string (<c>…;Password=…</c>) or URL (<c>scheme://user:password@host</c>, <c>?password=…</c>)
/// embeds a literal password. Interpolated values and format holes are not literal and are not reported.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class CredentialInConnectionStringAnalyzer : DiagnosticAnalyzer
{
    private static readonly DiagnosticDescriptor Rule = new(
        RuleIdentifiers.CredentialInConnectionString,
        title: "Connection string or URL embeds a password",
        messageFormat: "This {0} embeds a password: build it at start-up from a secret stored in AWS Secrets Manager (or use IAM authentication)",
        category: RuleCategories.Security,
        defaultSeverity: DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "Database and broker passwords written into connection strings or URLs leak with the source code and with every log line that prints the string.",
        helpLinkUri: RuleIdentifiers.GetHelpUri(RuleIdentifiers.CredentialInConnectionString));

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
            var switches = new PerOptionsCache<RuleSwitch>(start.Options, o => RuleSwitch.Read(o, RuleIdentifiers.CredentialInConnectionString, RuleCategories.Security, excludeTestProjectsByDefault: true));
            start.RegisterSyntaxNodeAction(
                context =>
                {
                    var text = LiteralText.GetText(context.Node);
                    if (text is null || text.Length < 8 || !switches.Get(context.Node.SyntaxTree).Applies(isTestProject))
                    {
                        return;
                    }

                    var kind = ConnectionStringScanner.Find(text);
                    if (kind is not null && KnownSecretFormats.Find(text) is null)
                    {
                        context.ReportDiagnostic(Diagnostic.Create(Rule, context.Node.GetLocation(), kind));
                    }
                },
                LiteralText.Kinds);
        });
    }
}
