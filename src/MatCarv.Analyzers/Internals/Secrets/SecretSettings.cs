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
        "integration", "write", "deploy", "ssh", "pgp", "gpg", "totp", "recovery", "sdk",
    };

    /// <summary>
    /// Vendors whose keys are credentials: anywhere before <c>key</c> they make it a secret (<c>PAGERDUTY_EVENTS_ROUTING_KEY</c>,
    /// <c>DATADOG_EVENTS_KEY</c>), where the word just before it alone (routing, events) would not.
    /// </summary>
    public static readonly string[] DefaultKeyVendors =
    {
        "pagerduty", "opsgenie", "datadog", "newrelic", "honeycomb", "sendgrid", "mailgun", "mailchimp", "mandrill", "postmark",
        "twilio", "stripe", "braintree", "adyen", "paypal", "plaid", "slack", "github", "gitlab", "bitbucket", "openai", "anthropic",
        "mixpanel", "amplitude", "algolia", "launchdarkly", "shopify", "okta", "auth0", "cloudflare", "fastly",
        "heroku", "vercel", "netlify", "circleci", "npm", "pypi", "nuget", "dockerhub", "zendesk", "hubspot", "intercom",
        "onesignal", "pusher", "splunk", "logzio", "loggly", "rollbar", "bugsnag", "statuspage", "vonage", "nexmo", "messagebird",
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
        "region", "username", "email", "handler", "port", "alias", "sid", "kid", "jwks", "extension", "error", "errors",
        "message", "msg", "label", "prompt", "question", "hint", "title", "caption", "tooltip", "button",
    };

    /// <summary>
    /// Modifiers that make a name about something other than a live secret wherever they stand (<c>PublicKey</c>,
    /// <c>PasswordHash</c>, <c>MaxTokens</c>, <c>CsrfToken</c>, <c>NextToken</c>, <c>ENABLE_PASSWORDLESS_LOGIN</c>), plural
    /// forms included (<c>TokenHashes</c>, <c>PasswordSalts</c>). Words of user-facing text (label, message, error, hint…) are
    /// head nouns instead: after the secret word they exclude (<c>PasswordLabel</c>), before it they only qualify
    /// (<c>MESSAGE_SIGNING_KEY</c>, <c>LABEL_SIGNING_PRIVATE_KEY</c> are keys).
    /// </summary>
    public static readonly string[] DefaultExcludedNameModifiers =
    {
        "public", "hash", "hashed", "salt", "encrypted", "masked", "mask", "fake", "dummy", "mock", "example", "sample",
        "placeholder", "csrf", "xsrf", "antiforgery", "passwordless", "min", "max", "minimum", "maximum", "length", "size",
        "count", "strength", "complexity", "validation", "validator", "required", "display", "form", "input", "selector", "regex",
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
        KeyVendors = reader.GetWordSet("key_vendors", DefaultKeyVendors);
        ExcludedNameWords = reader.GetWordSet("excluded_name_words", DefaultExcludedNameWords);
        ExcludedNameModifiers = reader.GetWordSet("excluded_name_modifiers", DefaultExcludedNameModifiers);
        MinPasswordLength = reader.GetInt("min_password_length", 6);
        MinSecretLength = reader.GetInt("min_secret_length", 16);
        MinEntropy = reader.GetDouble("min_entropy", 3.0);
    }

    public HashSet<string> PasswordWords { get; }

    public HashSet<string> SecretWords { get; }

    public HashSet<string> KeyQualifiers { get; }

    /// <summary>Vendor words that make any later <c>key</c> a secret (see <see cref="DefaultKeyVendors"/>).</summary>
    public HashSet<string> KeyVendors { get; }

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

    /// <summary>
    /// Whether an HTTP header name carries a credential: a listed header, or a header named "…-Key" (vendors' API-key headers:
    /// <c>X-Api-Key</c>, <c>Ocp-Apim-Subscription-Key</c>, <c>X-Functions-Key</c>, a team's own <c>X-Ops-Key</c>), except
    /// the standard headers whose "key" is no credential (<c>Idempotency-Key</c>, <c>Sec-WebSocket-Key</c>, cache keys).
    /// </summary>
    public bool IsSecretHeader(string name)
    {
        if (SecretHeaders.Contains(name))
        {
            return true;
        }

        if (name.Length < 5 || name.Length > 64 || name.IndexOf('-') < 0 || !name.EndsWith("-key", System.StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        foreach (var c in name)
        {
            if (!(char.IsLetterOrDigit(c) || c == '-'))
            {
                return false;
            }
        }

        foreach (var word in NameWords.Split(name))
        {
            if (System.Array.IndexOf(NonCredentialKeyHeaderWords, word) >= 0)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Words of "…-Key" headers whose value is not a credential (RFC 6455 Sec-WebSocket-Key, IETF Idempotency-Key, cache and routing keys).</summary>
    private static readonly string[] NonCredentialKeyHeaderWords =
    {
        "idempotency", "websocket", "sec", "cache", "correlation", "routing", "partition", "sort", "dedup", "deduplication",
        "request", "trace", "lock", "session", "object", "public", "encoding", "content",
    };

    public static SecretSettings Read(AnalyzerConfigOptions options, string ruleId) =>
        new(new OptionReader(options, ruleId, RuleCategories.Security));
}
