using System.Collections.Generic;
using Microsoft.CodeAnalysis.Diagnostics;

namespace MatCarv.Analyzers.Internals.Secrets;

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
        "data", "aes", "cipher", "crypto", "decryption", "symmetric", "ingest", "insert", "management", "admin", "root",
    };

    /// <summary>
    /// Head nouns that say a name is about a secret, not the secret itself, when they come after the secret word
    /// (<c>PasswordHint</c>, <c>SecretArn</c>, <c>TokenEndpoint</c>, <c>API_KEY_SECRET_NAME</c>); before it they only qualify
    /// it (<c>SchemaRegistrySecret</c>, <c>HostPassword</c>). Sources: Sonar S2068/S6418 and gitleaks allowlists.
    /// </summary>
    public static readonly string[] DefaultExcludedNameWords =
    {
        "id", "ids", "identifier", "name", "names", "arn", "path", "file", "filename", "url", "uri", "endpoint", "host", "type",
        "format", "header", "field", "param", "parameter", "prefix", "suffix", "policy", "policies", "text", "description",
        "provider", "manager", "kind", "mode", "version", "location", "env", "variable", "lookup", "ref", "reference", "cache",
        "claim", "scope", "audience", "issuer", "algorithm", "alg", "usage", "column", "property", "attribute", "schema", "route",
        "template", "chars", "characters", "alphabet", "charset", "generator", "rule", "rules", "option", "options", "section",
        "link", "event", "metric", "store", "config", "setting", "settings", "source", "limit", "bucket", "queue", "topic", "table",
        "region", "username", "email", "handler", "port", "alias", "sid", "kid", "jwks", "extension",
    };

    /// <summary>
    /// Modifiers that make a name about something other than a live secret wherever they stand (<c>PublicKey</c>,
    /// <c>PasswordHash</c>, <c>MaxTokens</c>, <c>CsrfToken</c>, <c>NextToken</c>, <c>ENABLE_PASSWORDLESS_LOGIN</c>).
    /// </summary>
    public static readonly string[] DefaultExcludedNameModifiers =
    {
        "public", "hash", "hashed", "salt", "encrypted", "masked", "mask", "fake", "dummy", "mock", "example", "sample",
        "placeholder", "csrf", "xsrf", "antiforgery", "passwordless", "min", "max", "minimum", "maximum", "length", "size",
        "count", "strength", "complexity", "validation", "validator", "required", "error", "errors", "message", "msg", "label",
        "prompt", "question", "hint", "display", "title", "caption", "tooltip", "button", "form", "input", "selector", "regex",
        "pattern", "sha", "md5", "checksum", "digest", "fingerprint", "thumbprint", "etag", "nonce", "next", "continuation",
        "pagination", "cancellation", "expiry", "expiration", "expires", "expire", "ttl", "lifetime", "timeout", "seconds",
        "minutes", "hours", "days", "interval", "enable", "enabled", "disable", "disabled", "flag",
    };

    /// <summary>
    /// HTTP headers that carry a credential although their name has no secret word (vendors' documented API-key headers;
    /// names with a secret word, such as <c>X-Api-Key</c> or <c>DD-API-KEY</c>, are recognised by their words).
    /// </summary>
    public static readonly string[] DefaultSecretHeaders =
    {
        "authorization", "proxy-authorization", "x-honeycomb-team", "x-insert-key", "x-query-key", "x-functions-key",
        "ocp-apim-subscription-key", "x-goog-api-key", "private-token", "x-vault-token", "x-postmark-server-token",
    };

    /// <summary>Host names that are development containers (compose services, Testcontainers images), hence local.</summary>
    public static readonly string[] DefaultLocalHosts =
    {
        "localhost", "postgres", "postgresql", "mysql", "mariadb", "mssql", "sqlserver", "redis", "valkey", "rabbitmq", "mongo",
        "mongodb", "kafka", "zookeeper", "redpanda", "elasticsearch", "opensearch", "localstack", "minio", "azurite", "mailpit",
        "mailhog", "smtp4dev", "keycloak", "memcached", "cassandra", "nats", "pulsar", "clickhouse", "influxdb", "neo4j",
        "couchdb", "etcd", "wiremock", "mockserver", "stripe-mock", "dynamodb-local",
    };

    private SecretSettings(OptionReader reader)
    {
        SecretHeaders = reader.GetWordSet("secret_headers", DefaultSecretHeaders);
        LocalHosts = reader.GetWordSet("local_hosts", DefaultLocalHosts);
        ExtraSinks = reader.GetString("secret_sinks");
        var testCode = reader.GetString("treat_as_test_code");
        TreatAsTestCode = testCode is not null && bool.TryParse(testCode, out var forced) ? forced : null;
        PasswordWords = reader.GetWordSet("password_words", DefaultPasswordWords);
        SecretWords = reader.GetWordSet("secret_words", DefaultSecretWords);
        KeyQualifiers = reader.GetWordSet("key_qualifiers", DefaultKeyQualifiers);
        ExcludedNameWords = reader.GetWordSet("excluded_name_words", DefaultExcludedNameWords);
        ExcludedNameModifiers = reader.GetWordSet("excluded_name_modifiers", DefaultExcludedNameModifiers);
        MinPasswordLength = reader.GetInt("min_password_length", 6);
        MinSecretLength = reader.GetInt("min_secret_length", 16);
        MinEntropy = reader.GetDouble("min_entropy", 3.0);
    }

    public HashSet<string> PasswordWords { get; }

    public HashSet<string> SecretWords { get; }

    public HashSet<string> KeyQualifiers { get; }

    /// <summary>Head nouns excluded after the secret word (see <see cref="DefaultExcludedNameWords"/>).</summary>
    public HashSet<string> ExcludedNameWords { get; }

    /// <summary>Modifiers excluded anywhere (see <see cref="DefaultExcludedNameModifiers"/>).</summary>
    public HashSet<string> ExcludedNameModifiers { get; }

    /// <summary>Header names (lower case) whose value is a credential.</summary>
    public HashSet<string> SecretHeaders { get; }

    /// <summary>Single-label host names (lower case) that are local containers.</summary>
    public HashSet<string> LocalHosts { get; }

    /// <summary>The <c>secret_sinks</c> option: more APIs whose parameters or properties take secrets (see <see cref="SecretSinks"/>).</summary>
    public string? ExtraSinks { get; }

    /// <summary>The <c>treat_as_test_code</c> option of the file's section: true/false forces, null lets the code decide.</summary>
    public bool? TreatAsTestCode { get; }

    public int MinPasswordLength { get; }

    public int MinSecretLength { get; }

    public double MinEntropy { get; }

    public static SecretSettings Read(AnalyzerConfigOptions options, string ruleId) =>
        new(new OptionReader(options, ruleId, RuleCategories.Security));
}
