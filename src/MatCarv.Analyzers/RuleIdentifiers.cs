namespace MatCarv.Analyzers;

/// <summary>Stable identifiers of every MatCarv rule. Never renumber: users suppress and configure rules by id.</summary>
public static class RuleIdentifiers
{
    /// <summary>Hard-coded AWS credential.</summary>
    public const string HardcodedAwsCredential = "MCV1001";

    /// <summary>Hard-coded secret with a recognisable format (private key, vendor token, signed JWT…).</summary>
    public const string HardcodedSecretFormat = "MCV1002";

    /// <summary>Hard-coded password or secret assigned to a secret-named member.</summary>
    public const string HardcodedPassword = "MCV1003";

    /// <summary>Connection string or URL with an embedded password.</summary>
    public const string CredentialInConnectionString = "MCV1004";

    /// <summary>Secret read from an environment variable or a configuration key.</summary>
    public const string SecretFromEnvironment = "MCV1005";

    /// <summary>Lambda handler or configured entry point that starts no span.</summary>
    public const string EntryPointWithoutSpan = "MCV2001";

    /// <summary>Console or Debug output used for logging.</summary>
    public const string ConsoleLogging = "MCV2002";

    /// <summary>Interpolated or concatenated string used as a log message template.</summary>
    public const string DynamicLogTemplate = "MCV2003";

    /// <summary>Embedded Metric Format misuse.</summary>
    public const string EmfMisuse = "MCV2004";

    /// <summary>Health event source in the reserved "aws." namespace.</summary>
    public const string ReservedEventSource = "MCV2005";

    /// <summary>Activity started but never stopped.</summary>
    public const string ActivityNotDisposed = "MCV2006";

    /// <summary>Returns the documentation page of a rule.</summary>
    /// <param name="id">The rule id, e.g. MCV1001.</param>
    /// <returns>The absolute link to the rule's page.</returns>
    public static string GetHelpUri(string id) => "https://github.com/matcarv/matcarv-sdk/blob/main/docs/Rules/" + id + ".md";
}
