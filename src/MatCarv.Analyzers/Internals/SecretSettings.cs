using System.Collections.Generic;
using Microsoft.CodeAnalysis.Diagnostics;

namespace MatCarv.Analyzers.Internals;

/// <summary>Word lists and thresholds of the secret rules, read once per distinct <c>.editorconfig</c> section.</summary>
internal sealed class SecretSettings
{
    public static readonly string[] DefaultPasswordWords = { "password", "passwd", "pwd", "passphrase", "passcode", "pass" };

    public static readonly string[] DefaultSecretWords =
    {
        "secret", "secrets", "token", "tokens", "credential", "credentials", "creds", "apikey", "privatekey", "secretkey",
        "accesskey", "clientsecret", "signingkey", "authkey", "masterkey", "sastoken", "accesstoken", "authtoken", "bearertoken",
    };

    /// <summary>Words that make "key" a secret ("api key", "signing key"); "cache key" or "partition key" are not.</summary>
    public static readonly string[] DefaultKeyQualifiers =
    {
        "api", "private", "secret", "access", "signing", "encryption", "encrypt", "master", "hmac", "auth", "client",
        "subscription", "app", "account", "license", "storage", "service", "webhook", "jwt", "shared", "sas", "signature",
    };

    /// <summary>Words that say the value is about a secret, not the secret itself (S2068/S6418 and gitleaks allowlists).</summary>
    public static readonly string[] DefaultExcludedNameWords =
    {
        "public", "id", "ids", "identifier", "name", "names", "arn", "path", "file", "filename", "url", "uri", "endpoint", "host",
        "type", "format", "length", "size", "count", "min", "max", "minimum", "maximum", "expiry", "expiration", "expires", "expire",
        "ttl", "lifetime", "header", "field", "param", "parameter", "prefix", "suffix", "question", "hint", "policy", "policies",
        "regex", "pattern", "label", "message", "msg", "text", "error", "errors", "prompt", "description", "placeholder", "hash",
        "hashed", "salt", "provider", "manager", "kind", "mode", "version", "location", "env", "variable", "csrf", "xsrf",
        "validation", "validator", "required", "encrypted", "masked", "mask", "lookup", "ref", "reference", "cache", "claim",
        "scope", "audience", "issuer", "algorithm", "alg", "usage", "column", "property", "attribute", "schema", "route", "template",
        "display", "chars", "characters", "alphabet", "charset", "generator", "strength", "complexity", "rule", "rules", "option",
        "options", "section", "sha", "md5", "checksum", "digest", "fingerprint", "thumbprint", "etag", "nonce", "example", "sample",
        "dummy", "fake", "mock", "button", "title", "caption", "tooltip", "link", "form", "input", "selector", "event",
        "metric", "store", "config", "setting", "settings", "source", "limit", "timeout", "bucket", "queue",
        "topic", "table", "region", "username", "email", "handler",
    };

    private SecretSettings(OptionReader reader)
    {
        PasswordWords = reader.GetWordSet("password_words", DefaultPasswordWords);
        SecretWords = reader.GetWordSet("secret_words", DefaultSecretWords);
        KeyQualifiers = reader.GetWordSet("key_qualifiers", DefaultKeyQualifiers);
        ExcludedNameWords = reader.GetWordSet("excluded_name_words", DefaultExcludedNameWords);
        MinPasswordLength = reader.GetInt("min_password_length", 6);
        MinSecretLength = reader.GetInt("min_secret_length", 16);
        MinEntropy = reader.GetDouble("min_entropy", 3.0);
    }

    public HashSet<string> PasswordWords { get; }

    public HashSet<string> SecretWords { get; }

    public HashSet<string> KeyQualifiers { get; }

    public HashSet<string> ExcludedNameWords { get; }

    public int MinPasswordLength { get; }

    public int MinSecretLength { get; }

    public double MinEntropy { get; }

    public static SecretSettings Read(AnalyzerConfigOptions options, string ruleId) =>
        new(new OptionReader(options, ruleId, RuleCategories.Security));
}
