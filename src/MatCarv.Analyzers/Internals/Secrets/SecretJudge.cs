using System;

namespace MatCarv.Analyzers.Internals.Secrets;

/// <summary>
/// Decides from one piece of evidence and the value whether a constant is a hard-coded secret, and which word the message
/// uses ("password" or "secret"). Names must be matched by a value that looks like one (length, character classes,
/// entropy; not a placeholder, reference, hash, GUID, public key, message or documented example); sinks say what they take.
/// </summary>
internal static class SecretJudge
{
    public const string Password = "password";
    public const string Secret = "secret";

    /// <summary>"password", "secret", or null when this evidence does not make the value a secret.</summary>
    public static string? Judge(in SecretEvidence evidence, string value, SecretRuleSettings settings)
    {
        var secrets = settings.Secrets;
        switch (evidence.Source)
        {
            case EvidenceSource.BasicCredential:
                var password = AuthorizationValue.SplitUserPassword(value);
                return password is not null && IsPassword(password, secrets) && !SecretValueClassifier.IsIdentifierLike(password) ? Password : null;
            case EvidenceSource.Sink:
                return evidence.Sink switch
                {
                    SinkKind.Password => IsPassword(value, secrets) ? Password : null,
                    SinkKind.Secret or SinkKind.Key => SecretValueClassifier.IsLikelySecret(value, SecretNameKind.Secret, secrets) ? Secret : null,
                    SinkKind.Authorization => JudgeAuthorization(value, evidence.Scheme, secrets),
                    _ => null,
                };
        }

        var name = evidence.Name;
        if (settings.Secrets.IsSecretHeader(name))
        {
            return name.EndsWith("authorization", StringComparison.OrdinalIgnoreCase)
                ? JudgeAuthorization(value, null, secrets)
                : SecretValueClassifier.IsLikelySecret(value, SecretNameKind.Secret, secrets) ? Secret : null;
        }

        var kind = settings.Classify(name);
        if (kind == SecretNameKind.None || ValueRepeatsName(name, value))
        {
            return null;
        }

        if (AuthorizationValue.TryParse(value, out _, out _))
        {
            return JudgeAuthorization(value, null, secrets);
        }

        if (kind == SecretNameKind.Password)
        {
            return IsPassword(value, secrets) || (name.IndexOf("passphrase", StringComparison.OrdinalIgnoreCase) >= 0 && SecretValueClassifier.IsPassphrase(value))
                ? Password
                : null;
        }

        return SecretValueClassifier.IsLikelySecret(value, SecretNameKind.Secret, secrets) ? Secret : null;
    }

    /// <summary>
    /// An <c>Authorization</c> value: "Bearer …", "Basic base64(user:password)", "Token …", or the bare credential given to
    /// <c>AuthenticationHeaderValue</c> with its scheme.
    /// </summary>
    public static string? JudgeAuthorization(string value, string? scheme, SecretSettings secrets)
    {
        var credential = value;
        if (AuthorizationValue.TryParse(value, out var parsedScheme, out var parsedCredential))
        {
            scheme = parsedScheme;
            credential = parsedCredential;
        }

        if (scheme is not null && AuthorizationValue.IsBasic(scheme))
        {
            var password = AuthorizationValue.DecodeBasicPassword(credential);
            if (password is not null)
            {
                return IsPassword(password, secrets) ? Password : null;
            }

            // Not user:password: an API key as user or password ("key:"), or an opaque token sent with the Basic scheme.
            var opaque = AuthorizationValue.OpaqueBasicSecret(credential);
            return opaque is not null && SecretValueClassifier.IsLikelySecret(opaque, SecretNameKind.Secret, secrets) ? Secret : null;
        }

        return SecretValueClassifier.IsLikelySecret(credential, SecretNameKind.Secret, secrets) ? Secret : null;
    }

    private static bool IsPassword(string value, SecretSettings secrets) =>
        SecretValueClassifier.IsLikelySecret(value, SecretNameKind.Password, secrets);

    /// <summary>
    /// A value that is the name again ("Password" = "password", "ApiKey" = "api-key") is a key or label (sonar-dotnet #2868);
    /// so is a key-shaped value containing the name ("Auth0__ClientSecret", "orders/prod/ApiKey").
    /// </summary>
    public static bool ValueRepeatsName(string name, string value)
    {
        var normalizedValue = Normalize(value);
        var normalizedName = Normalize(name);
        if (normalizedValue.Length == 0 || normalizedName.Length == 0)
        {
            return false;
        }

        if (normalizedName.IndexOf(normalizedValue, StringComparison.Ordinal) >= 0)
        {
            return true;
        }

        return normalizedValue.IndexOf(normalizedName, StringComparison.Ordinal) >= 0 && IsKeyShaped(value);
    }

    private static bool IsKeyShaped(string value)
    {
        foreach (var c in value)
        {
            if (!(char.IsLetterOrDigit(c) || c == '_' || c == '-' || c == '.' || c == ':' || c == '/'))
            {
                return false;
            }
        }

        return true;
    }

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
