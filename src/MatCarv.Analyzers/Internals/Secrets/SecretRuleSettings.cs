using System;
using System.Collections.Concurrent;
using Microsoft.CodeAnalysis.Diagnostics;

namespace MatCarv.Analyzers.Internals.Secrets;

/// <summary>
/// Everything MCV1001–MCV1004 read from one <c>.editorconfig</c> option set, built once per distinct set in a compilation:
/// the word lists and thresholds (keys of MCV1003, or of the category), each rule's test-code policy, the resolved sink table,
/// and a cache of name classifications.
/// </summary>
internal sealed class SecretRuleSettings
{
    private readonly ConcurrentDictionary<string, SecretNameKind> _names = new(StringComparer.Ordinal);

    public SecretRuleSettings(AnalyzerConfigOptions options, Func<string?, SecretSinks> resolveSinks)
    {
        Secrets = SecretSettings.Read(options, RuleIdentifiers.HardcodedPassword);
        AwsPolicy = TestCodePolicies.Read(new OptionReader(options, RuleIdentifiers.HardcodedAwsCredential, RuleCategories.Security));
        FormatPolicy = TestCodePolicies.Read(new OptionReader(options, RuleIdentifiers.HardcodedSecretFormat, RuleCategories.Security));
        PasswordPolicy = TestCodePolicies.Read(new OptionReader(options, RuleIdentifiers.HardcodedPassword, RuleCategories.Security));
        ConnectionStringPolicy = TestCodePolicies.Read(new OptionReader(options, RuleIdentifiers.CredentialInConnectionString, RuleCategories.Security));
        Sinks = resolveSinks(Secrets.ExtraSinks);
        Classify = name => _names.GetOrAdd(name, n => SecretNameClassifier.Classify(n, Secrets));
        IsSecretName = name => Classify(name) != SecretNameKind.None || Secrets.IsSecretHeader(name);
    }

    public SecretSettings Secrets { get; }

    public TestCodePolicy AwsPolicy { get; }

    public TestCodePolicy FormatPolicy { get; }

    public TestCodePolicy PasswordPolicy { get; }

    public TestCodePolicy ConnectionStringPolicy { get; }

    public SecretSinks Sinks { get; }

    public Func<string, SecretNameKind> Classify { get; }

    /// <summary>A name that says password or secret, or a header that carries a credential.</summary>
    public Func<string, bool> IsSecretName { get; }

    /// <summary>
    /// The <c>dotnet_code_quality.*</c> options of a file, as one string: files whose sections set the same options share one
    /// settings object (an option set is usually per file, so it cannot be the cache key by itself).
    /// </summary>
    public static string Fingerprint(AnalyzerConfigOptions options)
    {
        System.Collections.Generic.List<string>? entries = null;
        foreach (var key in options.Keys)
        {
            if (key.StartsWith("dotnet_code_quality.", StringComparison.Ordinal) && options.TryGetValue(key, out var value))
            {
                (entries ??= new System.Collections.Generic.List<string>()).Add(key + "=" + value);
            }
        }

        if (entries is null)
        {
            return string.Empty;
        }

        entries.Sort(StringComparer.Ordinal);
        return string.Join("\n", entries);
    }

    public TestCodePolicy PolicyOf(string ruleId) => ruleId switch
    {
        RuleIdentifiers.HardcodedAwsCredential => AwsPolicy,
        RuleIdentifiers.HardcodedSecretFormat => FormatPolicy,
        RuleIdentifiers.HardcodedPassword => PasswordPolicy,
        _ => ConnectionStringPolicy,
    };
}
