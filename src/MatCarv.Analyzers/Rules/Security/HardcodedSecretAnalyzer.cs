using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using MatCarv.Analyzers.Internals;
using MatCarv.Analyzers.Internals.Secrets;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using Microsoft.CodeAnalysis.Text;

namespace MatCarv.Analyzers.Rules.Security;

/// <summary>
/// MCV1001–MCV1004, decided together so that each hard-coded secret is reported once, by the most precise rule:
/// MCV1001 (AWS access key id or secret access key), else MCV1002 (a recognisable format), else MCV1004 (a password inside a
/// connection string, URL, Redis string or document), else MCV1003 (a password or secret known by its name, its container,
/// the sink it is given to, the variable it is the <c>??</c> fallback of, or its flow through a local or field to a sink).
/// Test code (per file, type and method) and local hosts follow the policy in docs/Rules/README.md.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class HardcodedSecretAnalyzer : DiagnosticAnalyzer
{
    private static readonly DiagnosticDescriptor AwsRule = new(
        RuleIdentifiers.HardcodedAwsCredential,
        title: "AWS credential is hard-coded",
        messageFormat: "Hard-coded AWS {0}: revoke it and let the function's or task's IAM role provide credentials",
        category: RuleCategories.Security,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "AWS access keys in source code end up in every clone, build log and package. Code running on AWS gets temporary credentials from its IAM role; anything else comes from AWS Secrets Manager.",
        helpLinkUri: RuleIdentifiers.GetHelpUri(RuleIdentifiers.HardcodedAwsCredential));

    private static readonly DiagnosticDescriptor FormatRule = new(
        RuleIdentifiers.HardcodedSecretFormat,
        title: "Secret with a recognisable format is hard-coded",
        messageFormat: "Hard-coded {0}: revoke it and load it from AWS Secrets Manager at start-up",
        category: RuleCategories.Security,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "Tokens and keys with a vendor prefix or a fixed structure are live credentials; once committed they must be considered leaked.",
        helpLinkUri: RuleIdentifiers.GetHelpUri(RuleIdentifiers.HardcodedSecretFormat));

    private static readonly DiagnosticDescriptor PasswordRule = new(
        RuleIdentifiers.HardcodedPassword,
        title: "Password or secret is hard-coded",
        messageFormat: "'{0}' is given a hard-coded {1}: load it from AWS Secrets Manager instead",
        category: RuleCategories.Security,
        defaultSeverity: DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "A password or secret in source code is shared with everyone who can read the repository and cannot be rotated without a release.",
        helpLinkUri: RuleIdentifiers.GetHelpUri(RuleIdentifiers.HardcodedPassword));

    private static readonly DiagnosticDescriptor ConnectionStringRule = new(
        RuleIdentifiers.CredentialInConnectionString,
        title: "Connection string or URL embeds a password",
        messageFormat: "This {0} embeds a password: build it at start-up from a secret stored in AWS Secrets Manager (or use IAM authentication)",
        category: RuleCategories.Security,
        defaultSeverity: DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "Database and broker passwords written into connection strings or URLs leak with the source code and with every log line that prints the string.",
        helpLinkUri: RuleIdentifiers.GetHelpUri(RuleIdentifiers.CredentialInConnectionString));

    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(AwsRule, FormatRule, PasswordRule, ConnectionStringRule);

    /// <inheritdoc />
    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCode.Flags);
        context.RegisterCompilationStartAction(start =>
        {
            var state = new CompilationState(start.Compilation, start.Options);
            start.RegisterSyntaxNodeAction(state.AnalyzeLiteral, LiteralText.Kinds);
            start.RegisterSyntaxNodeAction(
                state.AnalyzeSink,
                SyntaxKind.ObjectCreationExpression,
                SyntaxKind.ImplicitObjectCreationExpression,
                SyntaxKind.InvocationExpression,
                SyntaxKind.SimpleAssignmentExpression);
        });
    }

    /// <summary>A value rule's verdict on a whole string: MCV1001, MCV1002 or MCV1004, with the message argument.</summary>
    private readonly struct ValueFinding
    {
        public ValueFinding(DiagnosticDescriptor rule, string argument, string? host = null)
        {
            Rule = rule;
            Argument = argument;
            Host = host;
        }

        public DiagnosticDescriptor Rule { get; }

        public string Argument { get; }

        /// <summary>For MCV1004: the (non-local) host the string names, if any.</summary>
        public string? Host { get; }
    }

    private sealed class CompilationState
    {
        private readonly TestCodeClassifier _testCode;
        private readonly PerOptionsCache<SecretRuleSettings> _settings;
        private readonly ConcurrentDictionary<(SyntaxTree, TextSpan), bool> _reportedOrigins = new();

        public CompilationState(Compilation compilation, AnalyzerOptions options)
        {
            _testCode = new TestCodeClassifier(compilation);

            // The sink table is parsed once per process (per distinct secret_sinks value), settings once per distinct option set.
            System.Func<string?, SecretSinks> resolveSinks = SecretSinks.For;
            var settings = new ConcurrentDictionary<string, SecretRuleSettings>(System.StringComparer.Ordinal);
            _settings = new PerOptionsCache<SecretRuleSettings>(options, o => settings.GetOrAdd(SecretRuleSettings.Fingerprint(o), _ => new SecretRuleSettings(o, resolveSinks)));
        }

        public void AnalyzeLiteral(SyntaxNodeAnalysisContext context)
        {
            var node = context.Node;
            var whole = LiteralText.GetText(node);
            if (node is not LiteralExpressionSyntax && (whole is null || whole.Length < 8))
            {
                return;
            }

            var settings = _settings.Get(node.SyntaxTree);
            if (whole is not null && whole.Length >= 8 && AnalyzeValue(context, node, whole, settings))
            {
                return;
            }

            if (node is LiteralExpressionSyntax stringLiteral && (whole is not null || !IsCoveredByChain(stringLiteral, settings)))
            {
                AnalyzeNamedValue(context, stringLiteral, stringLiteral.Token.ValueText, settings);
            }
        }

        /// <summary>The value rules (MCV1001, MCV1002, MCV1004) on a whole string; true when one of them owns it (reported or not).</summary>
        private bool AnalyzeValue(SyntaxNodeAnalysisContext context, SyntaxNode node, string text, SecretRuleSettings settings)
        {
            var finding = FindByValue(text, settings);
            if (finding is null && text.Length == 40 && AwsCredentialPatterns.IsSecretAccessKey(text) &&
                (AwsCredentialPatterns.TypeHoldsAccessKeyId(node) || IsNamedAsAwsSecret(context, node, settings)))
            {
                finding = new ValueFinding(AwsRule, "secret access key");
            }

            if (finding is not { } found)
            {
                return false;
            }

            // An access key id and its secret key written side by side are one credential: the id's report covers the line.
            if (found.Rule == AwsRule && found.Argument == "secret access key" && LineHoldsAccessKeyId(node, context.CancellationToken))
            {
                return true;
            }

            if (PassesTestCodePolicy(found.Rule.Id, found.Host, node, context.SemanticModel, settings, context.CancellationToken))
            {
                context.ReportUnlessHidden(Diagnostic.Create(found.Rule, node.GetLocation(), found.Argument));
            }

            return true;
        }

        private static ValueFinding? FindByValue(string text, SecretRuleSettings settings)
        {
            if (DocumentedExamples.Contains(text))
            {
                return null;
            }

            if (AwsCredentialPatterns.FindAccessKeyId(text) is not null)
            {
                return new ValueFinding(AwsRule, "access key id");
            }

            if ((text.IndexOf("secret_access_key", System.StringComparison.OrdinalIgnoreCase) >= 0 || text.IndexOf("SecretAccessKey", System.StringComparison.OrdinalIgnoreCase) >= 0) &&
                AwsCredentialPatterns.FindSecretAccessKey(text) is not null)
            {
                return new ValueFinding(AwsRule, "secret access key");
            }

            if (KnownSecretFormats.Find(text) is { } format && !DocumentedExamples.Within(format.Match))
            {
                return new ValueFinding(FormatRule, format.Format);
            }

            if (ConnectionStringScanner.Find(text, settings.Secrets, settings.Classify) is { } embedded)
            {
                return new ValueFinding(ConnectionStringRule, embedded.Kind, embedded.Host);
            }

            return null;
        }

        /// <summary>A literal inside "a" + "b" + …: the value rules judge the whole chain, which is reported at its top.</summary>
        private static bool IsCoveredByChain(LiteralExpressionSyntax literal, SecretRuleSettings settings)
        {
            SyntaxNode top = literal;
            while ((top.Parent is BinaryExpressionSyntax binary && binary.IsKind(SyntaxKind.AddExpression)) || top.Parent is ParenthesizedExpressionSyntax)
            {
                top = top.Parent!;
            }

            var text = LiteralText.GetText(top);
            return text is not null && text.Length >= 8 && FindByValue(text, settings) is not null;
        }

        /// <summary>MCV1003: a constant whose name, container, sink or <c>??</c> variable says it is a password or secret.</summary>
        private void AnalyzeNamedValue(SyntaxNodeAnalysisContext context, LiteralExpressionSyntax literal, string value, SecretRuleSettings settings)
        {
            var secrets = settings.Secrets;
            if (value.Length < System.Math.Min(secrets.MinPasswordLength, secrets.MinSecretLength) || DocumentedExamples.Contains(value))
            {
                return;
            }

            // "Bearer …", "Basic …": the value says what it is wherever it is written.
            if (AuthorizationValue.TryParse(value, out _, out _))
            {
                var word = SecretJudge.JudgeAuthorization(value, null, secrets);
                if (word is not null)
                {
                    ReportNamed(context, literal, "Authorization", word, settings);
                }

                return;
            }

            // Value first: most literals (messages, identifiers, short strings) are ruled out without semantic work.
            if (!IsCandidate(value, secrets) || !SyntacticNameHint.MayBeSecretNamed(literal, settings.IsSecretName, settings.Sinks.SimpleNames))
            {
                return;
            }

            var operation = context.SemanticModel.GetOperation(literal, context.CancellationToken);
            if (operation is null)
            {
                return;
            }

            var evidence = new List<SecretEvidence>(3);
            if (!SecretEvidenceFinder.Find(operation, context.ContainingSymbol, settings.Sinks, evidence))
            {
                return;
            }

            foreach (var item in evidence)
            {
                var word = SecretJudge.Judge(item, value, settings);
                if (word is not null)
                {
                    ReportNamed(context, literal, item.Name, word, settings);
                    return;
                }
            }
        }

        private static bool IsCandidate(string value, SecretSettings secrets) =>
            SecretValueClassifier.IsLikelySecret(value, SecretNameKind.Password, secrets) ||
            SecretValueClassifier.IsLikelySecret(value, SecretNameKind.Secret, secrets) ||
            SecretValueClassifier.IsPassphrase(value) ||
            (AuthorizationValue.SplitUserPassword(value) is { } password && SecretValueClassifier.IsLikelySecret(password, SecretNameKind.Password, secrets));

        private void ReportNamed(SyntaxNodeAnalysisContext context, SyntaxNode node, string name, string word, SecretRuleSettings settings)
        {
            // An AWS access key id on the same line (an SES SMTP user and its password, whose shape is not the 40-character
            // secret key's): the id's MCV1001 report covers the pair, as for BasicAWSCredentials(id, secret).
            if (LineHoldsAccessKeyId(node, context.CancellationToken))
            {
                return;
            }

            if (PassesPasswordPolicy(node, node, context.SemanticModel, null, settings, context.CancellationToken))
            {
                context.ReportUnlessHidden(Diagnostic.Create(PasswordRule, node.GetLocation(), name, word));
            }
        }

        /// <summary>
        /// The sink side of the data flow: a local or field given to a sink (or to a secret-named parameter or property of a
        /// sink's call) is followed back to its constant, which is reported where it is written, once.
        /// </summary>
        public void AnalyzeSink(SyntaxNodeAnalysisContext context)
        {
            var settings = _settings.Get(context.Node.SyntaxTree);
            var names = settings.Sinks.SimpleNames;
            switch (context.Node)
            {
                case ObjectCreationExpressionSyntax creation when names.Contains(TypeName(creation.Type)) && AnyMayCarry(creation.ArgumentList):
                case ImplicitObjectCreationExpressionSyntax implicitCreation when TargetTypeName(implicitCreation) is { } target && names.Contains(target) && AnyMayCarry(implicitCreation.ArgumentList):
                case InvocationExpressionSyntax invocation when (names.Contains(InvocationNames.Of(invocation) ?? string.Empty) || IsStaticCallOnSinkType(invocation, names)) && AnyMayCarry(invocation.ArgumentList):
                    if (context.SemanticModel.GetOperation(context.Node, context.CancellationToken) is { } call)
                    {
                        var arguments = call switch
                        {
                            IObjectCreationOperation created => created.Arguments,
                            IInvocationOperation invoked => invoked.Arguments,
                            _ => ImmutableArray<IArgumentOperation>.Empty,
                        };
                        foreach (var argument in arguments)
                        {
                            AnalyzeSinkArgument(context, argument, arguments, settings);
                        }
                    }

                    break;
                case AssignmentExpressionSyntax assignment when AssignedName(assignment.Left) is { } assigned &&
                                                               (names.Contains(assigned) || settings.IsSecretName(assigned)) &&
                                                               SecretOrigin.MayCarryConstant(assignment.Right):
                    if (context.SemanticModel.GetOperation(assignment, context.CancellationToken) is ISimpleAssignmentOperation { Target: IPropertyReferenceOperation { Property: var property } } simple)
                    {
                        var sink = settings.Sinks.Find(property);
                        var evidence = sink != SinkKind.None
                            ? new SecretEvidence(EvidenceSource.Sink, property.Name, sink)
                            : new SecretEvidence(EvidenceSource.Name, property.Name);
                        AnalyzeFlow(context, simple.Value, evidence, settings);
                    }

                    break;
            }
        }

        private void AnalyzeSinkArgument(SyntaxNodeAnalysisContext context, IArgumentOperation argument, ImmutableArray<IArgumentOperation> arguments, SecretRuleSettings settings)
        {
            if (argument.Parameter is not { } parameter || argument.ArgumentKind != ArgumentKind.Explicit ||
                argument.Syntax is not ArgumentSyntax { Expression: var expression } || !SecretOrigin.MayCarryConstant(expression))
            {
                return;
            }

            var sink = settings.Sinks.Find(parameter);
            SecretEvidence evidence;
            if (sink != SinkKind.None)
            {
                string? scheme = null;
                if (sink == SinkKind.Authorization)
                {
                    foreach (var other in arguments)
                    {
                        if (other.Parameter is { Name: "scheme" })
                        {
                            scheme = NamedStringValues.GetConstantString(other.Value);
                        }
                    }
                }

                evidence = new SecretEvidence(EvidenceSource.Sink, parameter.Name, sink, scheme: scheme);
            }
            else if (settings.Classify(parameter.Name) != SecretNameKind.None)
            {
                evidence = new SecretEvidence(EvidenceSource.Name, parameter.Name);
            }
            else
            {
                return;
            }

            AnalyzeFlow(context, argument.Value, evidence, settings);
        }

        private void AnalyzeFlow(SyntaxNodeAnalysisContext context, IOperation value, SecretEvidence evidence, SecretRuleSettings settings)
        {
            var origin = SecretOrigin.Trace(value, context.SemanticModel, context.CancellationToken);
            if (origin is null)
            {
                return;
            }

            string? word;
            if (origin.IsBytes)
            {
                // Raw key bytes: 16 or more, not a pattern (a zero IV, a counter).
                word = (evidence.Sink is SinkKind.Key or SinkKind.Secret) && origin.Text.Length >= 32 && DistinctBytes(origin.Text) >= 8 ? SecretJudge.Secret : null;
            }
            else
            {
                var originSettings = _settings.Get(origin.Node.SyntaxTree);
                if (IsOwnedByLiteralPath(origin, originSettings))
                {
                    return;
                }

                word = SecretJudge.Judge(evidence, origin.Text, originSettings);
            }

            if (word is null)
            {
                return;
            }

            if (LineHoldsAccessKeyId(origin.Node, context.CancellationToken))
            {
                return; // the pair's MCV1001 report covers it (see ReportNamed)
            }

            var model = origin.Node.SyntaxTree == context.Node.SyntaxTree ? context.SemanticModel : null;
            if (!PassesPasswordPolicy(origin.Node, context.Node, model, origin.Holder.ContainingType, _settings.Get(origin.Node.SyntaxTree), context.CancellationToken) ||
                !_reportedOrigins.TryAdd((origin.Node.SyntaxTree, origin.Node.Span), true))
            {
                return;
            }

            // Reported where the constant is written: possibly another declaration or file than the analysed sink.
            var location = origin.Node.GetLocation();
            if (!GeneratedCode.Contains(location, origin.Holder, context.Options, context.CancellationToken))
            {
                context.ReportDiagnostic(Diagnostic.Create(PasswordRule, location, origin.Holder.Name, word));
            }
        }

        /// <summary>
        /// Whether the literal path reports (or deliberately leaves) this constant: a value rule owns it, or the name it is
        /// declared under already makes it a secret. Read from syntax only, so that both paths agree without sharing state.
        /// </summary>
        private static bool IsOwnedByLiteralPath(SecretOrigin origin, SecretRuleSettings settings)
        {
            var text = origin.Text;
            if ((text.Length >= 8 && FindByValue(text, settings) is not null) || AwsCredentialPatterns.IsSecretAccessKey(text) ||
                AuthorizationValue.TryParse(text, out _, out _) || DocumentedExamples.Contains(text))
            {
                return true;
            }

            if (SecretJudge.Judge(new SecretEvidence(EvidenceSource.Name, origin.Holder.Name), text, settings) is not null)
            {
                return true;
            }

            return IsBasicCredentialChain(origin.Node) &&
                   SecretJudge.Judge(new SecretEvidence(EvidenceSource.BasicCredential, origin.Holder.Name), text, settings) is not null;
        }

        /// <summary>Convert.ToBase64String(Encoding.X.GetBytes(literal)), read from syntax.</summary>
        private static bool IsBasicCredentialChain(SyntaxNode literal)
        {
            var encoded = false;
            for (var node = literal.Parent; node is not null && node is not StatementSyntax && node is not MemberDeclarationSyntax; node = node.Parent)
            {
                if (node is InvocationExpressionSyntax invocation)
                {
                    var name = InvocationNames.Of(invocation);
                    if (encoded && name == "ToBase64String")
                    {
                        return true;
                    }

                    encoded |= name == "GetBytes";
                }
            }

            return false;
        }

        private static int DistinctBytes(string hex)
        {
            var seen = new HashSet<string>(System.StringComparer.Ordinal);
            for (var i = 0; i + 1 < hex.Length; i += 2)
            {
                seen.Add(hex.Substring(i, 2));
            }

            return seen.Count;
        }

        /// <summary>
        /// MCV1003's policy: nothing for a local host; in test code (by default) only a credential for a host that is not local.
        /// <paramref name="site"/> is where the secret is used (the sink), <paramref name="node"/> where it is written.
        /// </summary>
        private bool PassesPasswordPolicy(SyntaxNode node, SyntaxNode site, SemanticModel? model, INamedTypeSymbol? holderType, SecretRuleSettings settings, System.Threading.CancellationToken cancellationToken)
        {
            var policy = settings.PasswordPolicy;
            var isTest = policy != TestCodePolicy.Report && (model is not null
                ? _testCode.IsTestCode(node, model, settings.Secrets.TreatAsTestCode, cancellationToken)
                : _testCode.IsTestCode(holderType, settings.Secrets.TreatAsTestCode));
            if (isTest && policy == TestCodePolicy.Skip)
            {
                return false;
            }

            // Production code: only the object the credential is part of can make it local. Test code: the whole test.
            var local = settings.Secrets.LocalHosts;
            var scope = HostContext.Classify(site, local, includeMember: isTest, singleLabelIsLocal: isTest);
            if (site != node && scope == HostScope.None)
            {
                scope = HostContext.Classify(node, local, includeMember: isTest, singleLabelIsLocal: isTest);
            }

            return scope != HostScope.Local && (!isTest || scope == HostScope.Remote);
        }

        /// <summary>The policy of MCV1001, MCV1002 and MCV1004 in test code.</summary>
        private bool PassesTestCodePolicy(string ruleId, string? host, SyntaxNode node, SemanticModel model, SecretRuleSettings settings, System.Threading.CancellationToken cancellationToken)
        {
            var policy = settings.PolicyOf(ruleId);
            if (policy == TestCodePolicy.Report || !_testCode.IsTestCode(node, model, settings.Secrets.TreatAsTestCode, cancellationToken))
            {
                return true;
            }

            if (policy == TestCodePolicy.Skip)
            {
                return false;
            }

            // Relaxed: format-identified secrets always; an embedded password only for a host that is not local (the scanner
            // has already dropped local hosts named in the string itself).
            if (ruleId != RuleIdentifiers.CredentialInConnectionString)
            {
                return true;
            }

            return host is not null
                ? !HostNames.IsSingleLabel(host) // a compose service name ("Host=ledger-db") is local in test code
                : HostContext.Classify(node, settings.Secrets.LocalHosts, singleLabelIsLocal: true) == HostScope.Remote;
        }

        /// <summary>Named as an AWS secret (<c>awsSecretKey = "…"</c>) or passed to an AWS SDK API's secret parameter.</summary>
        private static bool IsNamedAsAwsSecret(SyntaxNodeAnalysisContext context, SyntaxNode node, SecretRuleSettings settings)
        {
            if (context.SemanticModel.GetOperation(node, context.CancellationToken) is not { } operation)
            {
                return false;
            }

            var evidence = new List<SecretEvidence>(2);
            SecretEvidenceFinder.Find(operation, context.ContainingSymbol, settings.Sinks, evidence);
            foreach (var item in evidence)
            {
                var words = NameWords.Split(item.Name);
                if (AwsCredentialPatterns.IsAwsSecretName(words) || (item.IsAmazonApi && words.Contains("secret")))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>Whether another string on the same line holds an AWS access key id.</summary>
        private static bool LineHoldsAccessKeyId(SyntaxNode node, System.Threading.CancellationToken cancellationToken)
        {
            var tree = node.SyntaxTree;
            var line = tree.GetText(cancellationToken).Lines.GetLineFromPosition(node.SpanStart);
            foreach (var token in tree.GetRoot(cancellationToken).DescendantTokens(line.Span))
            {
                if (!node.Span.Contains(token.Span) && token.IsKind(SyntaxKind.StringLiteralToken) && AwsCredentialPatterns.FindAccessKeyId(token.ValueText) is not null &&
                    !DocumentedExamples.Contains(token.ValueText))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary><c>HMACSHA256.HashData(key, …)</c>, <c>MongoCredential.CreateCredential(…)</c>: a static call on a type with a <c>*</c> sink entry.</summary>
        private static bool IsStaticCallOnSinkType(InvocationExpressionSyntax invocation, HashSet<string> names) => invocation.Expression switch
        {
            MemberAccessExpressionSyntax { Expression: IdentifierNameSyntax type } => names.Contains(type.Identifier.ValueText),
            MemberAccessExpressionSyntax { Expression: MemberAccessExpressionSyntax qualified } => names.Contains(qualified.Name.Identifier.ValueText),
            _ => false,
        };

        private static bool AnyMayCarry(BaseArgumentListSyntax? arguments)
        {
            if (arguments is null)
            {
                return false;
            }

            foreach (var argument in arguments.Arguments)
            {
                if (SecretOrigin.MayCarryConstant(argument.Expression))
                {
                    return true;
                }
            }

            return false;
        }

        private static string TypeName(TypeSyntax type) => type switch
        {
            IdentifierNameSyntax identifier => identifier.Identifier.ValueText,
            GenericNameSyntax generic => generic.Identifier.ValueText,
            QualifiedNameSyntax qualified => TypeName(qualified.Right),
            AliasQualifiedNameSyntax alias => TypeName(alias.Name),
            _ => string.Empty,
        };

        /// <summary>The declared type of a target-typed <c>new(…)</c> when syntax shows it (a field, local or property declaration).</summary>
        private static string? TargetTypeName(ImplicitObjectCreationExpressionSyntax creation) => creation.Parent switch
        {
            EqualsValueClauseSyntax { Parent: VariableDeclaratorSyntax { Parent: VariableDeclarationSyntax declaration } } => TypeName(declaration.Type),
            EqualsValueClauseSyntax { Parent: PropertyDeclarationSyntax property } => TypeName(property.Type),
            ArrowExpressionClauseSyntax { Parent: PropertyDeclarationSyntax arrowProperty } => TypeName(arrowProperty.Type),
            ArrowExpressionClauseSyntax { Parent: MethodDeclarationSyntax arrowMethod } => TypeName(arrowMethod.ReturnType),
            _ => null,
        };

        private static string? AssignedName(ExpressionSyntax left) => left switch
        {
            IdentifierNameSyntax identifier => identifier.Identifier.ValueText,
            MemberAccessExpressionSyntax member => member.Name.Identifier.ValueText,
            _ => null,
        };
    }
}
