using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using MatCarv.Analyzers.Internals;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace MatCarv.Analyzers.Rules.Security;

/// <summary>
/// MCV1003: a password or secret is assigned to a secret-named variable, field, property, parameter, argument,
/// object-initializer member or dictionary key. Both the name and the value must say so (value evidence: length,
/// character classes, entropy; not a placeholder, reference, hash, GUID, public key or message).
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class HardcodedPasswordAnalyzer : DiagnosticAnalyzer
{
    private static readonly DiagnosticDescriptor Rule = new(
        RuleIdentifiers.HardcodedPassword,
        title: "Password or secret is hard-coded",
        messageFormat: "'{0}' is given a hard-coded {1}: load it from AWS Secrets Manager instead",
        category: RuleCategories.Security,
        defaultSeverity: DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "A password or secret in source code is shared with everyone who can read the repository and cannot be rotated without a release.",
        helpLinkUri: RuleIdentifiers.GetHelpUri(RuleIdentifiers.HardcodedPassword));

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
            start.RegisterSyntaxNodeAction(state.Analyze, SyntaxKind.StringLiteralExpression, SyntaxKind.Utf8StringLiteralExpression);
        });
    }

    private sealed class CompilationState
    {
        private readonly bool _isTestProject;
        private readonly PerOptionsCache<Settings> _settings;

        public CompilationState(Compilation compilation, AnalyzerOptions options)
        {
            _isTestProject = TestCode.IsTestProject(compilation);
            _settings = new PerOptionsCache<Settings>(options, o => new Settings(o));
        }

        public void Analyze(SyntaxNodeAnalysisContext context)
        {
            // Value first: most literals (messages, identifiers, keys, short strings) are ruled out without semantic work.
            // With the default lengths every value a secret name accepts is also accepted as a password, so one check does.
            var text = ((LiteralExpressionSyntax)context.Node).Token.ValueText;
            var settings = _settings.Get(context.Node.SyntaxTree);
            if (text.Length < settings.Secrets.MinPasswordLength || !settings.Switch.Applies(_isTestProject) ||
                !(SecretValueClassifier.IsLikelySecret(text, SecretNameKind.Password, settings.Secrets) ||
                  (settings.Secrets.MinSecretLength < settings.Secrets.MinPasswordLength && SecretValueClassifier.IsLikelySecret(text, SecretNameKind.Secret, settings.Secrets))))
            {
                return;
            }

            if (!SyntacticNameHint.MayBeSecretNamed(context.Node, settings.IsSecretName))
            {
                return;
            }

            var operation = context.SemanticModel.GetOperation(context.Node, context.CancellationToken);
            if (operation is null)
            {
                return;
            }

            var values = new List<NamedStringValue>(2);
            SecretNameFinder.Find(operation, context.ContainingSymbol, values);
            foreach (var value in values)
            {
                var kind = settings.Classify(value.Name);
                if (kind == SecretNameKind.None || IsCoveredByAnotherRule(value))
                {
                    continue;
                }

                if (SecretValueClassifier.IsLikelySecret(value.Value, kind, settings.Secrets) && !ValueRepeatsName(value))
                {
                    context.ReportDiagnostic(Diagnostic.Create(Rule, value.ValueSyntax.GetLocation(), value.Name, kind == SecretNameKind.Password ? "password" : "secret"));
                    return;
                }
            }
        }

        /// <summary>MCV1001, MCV1002 and MCV1004 report these with more precise messages.</summary>
        private static bool IsCoveredByAnotherRule(NamedStringValue value) =>
            AwsCredentialPatterns.FindAccessKeyId(value.Value) is not null ||
            KnownSecretFormats.Find(value.Value) is not null ||
            ConnectionStringScanner.Find(value.Value) is not null ||
            (AwsCredentialPatterns.IsSecretAccessKey(value.Value) &&
             (value.IsAmazonApi || AwsCredentialPatterns.IsAwsSecretName(NameWords.Split(value.Name)) || AwsCredentialPatterns.TypeHoldsAccessKeyId(value.ValueSyntax)));

        /// <summary>
        /// A value that is the name again ("Password" = "password", "ApiKey" = "api-key") is a key or label (sonar-dotnet #2868).
        /// </summary>
        private static bool ValueRepeatsName(NamedStringValue value)
        {
            var normalizedValue = Normalize(value.Value);
            var normalizedName = Normalize(value.Name);
            if (normalizedValue.Length == 0)
            {
                return false;
            }

            if (normalizedName.IndexOf(normalizedValue, System.StringComparison.Ordinal) >= 0)
            {
                return true;
            }

            // "Auth0__ClientSecret", "orders/prod/ApiKey": the name inside a key-shaped value is a reference to the secret.
            return normalizedValue.IndexOf(normalizedName, System.StringComparison.Ordinal) >= 0 && IsKeyShaped(value.Value);
        }

        private static bool IsKeyShaped(string value)
        {
            foreach (var c in value)
            {
                if (!(char.IsLetterOrDigit(c) || System.Array.IndexOf(Separators, c) >= 0))
                {
                    return false;
                }
            }

            return true;
        }

        private static readonly char[] Separators = { '_', '-', '.', ':', '/' };

        private static string Normalize(string text)
        {
            var builder = new System.Text.StringBuilder(text.Length);
            foreach (var c in text)
            {
                if (char.IsLetterOrDigit(c))
                {
                    builder.Append(char.ToLowerInvariant(c));
                }
            }

            return builder.ToString();
        }
    }

    private sealed class Settings
    {
        private readonly ConcurrentDictionary<string, SecretNameKind> _names = new(System.StringComparer.Ordinal);

        public Settings(AnalyzerConfigOptions options)
        {
            Secrets = SecretSettings.Read(options, RuleIdentifiers.HardcodedPassword);
            Switch = RuleSwitch.Read(options, RuleIdentifiers.HardcodedPassword, RuleCategories.Security, excludeTestProjectsByDefault: true);
        }

        public SecretSettings Secrets { get; }

        public RuleSwitch Switch { get; }

        public SecretNameKind Classify(string name) => _names.GetOrAdd(name, n => SecretNameClassifier.Classify(n, Secrets));

        public bool IsSecretName(string name) => Classify(name) != SecretNameKind.None;
    }
}
