namespace MatCarv.Analyzers.Tests.Corpus;

/// <summary>
/// A second batch of snippets, written after the first heuristics were frozen (its misses were counted, not tuned away):
/// harder shapes such as secrets in records, switch arms, attributes of options classes, lower-case passwords and look-alike
/// non-secrets. Part of the development split since the held-out split of issue 13 was frozen (Corpus/README.md).
/// </summary>
internal static class SecretCorpusSecondBatch
{
    public static readonly CorpusCase[] Cases =
    {
        new("MCV1001", """static readonly string[] Keys = { "AKIAZYMLOPIFQYF7M2NX", "XBt7wRkl8OZfIa2AUk7z7gTqBu4wweocv81k2lsN" };"""),
        // Regenerated with a valid CRC-32 checksum (rules, 2026-12-03): the old value was not a token GitHub could issue.
        new("MCV1002", """const string Installation = "ghs_2omIQmL19pBNktxvgxPypKP8Wh1MHY3klFjX";"""),
        new("MCV1002", """string SlackUser(bool prod) => prod ? "xoxp-61112422623-85734152184-090536656665-251bce79793a67c9e2ed829af48d9d59" : "";"""),
        new("MCV1002", """const string StripeLong = "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";"""),
        new("MCV1002", """const string Runner = "glrt-mWg3YzzYlqDvi4i5C32S";"""),
        new("MCV1003", """record PartnerConfig(string BaseUrl, string ApiKey); PartnerConfig Partner() => new("https://partner.io", "SyAJ9TlxqnrDK24Syl");"""),
        new("MCV1003", """string Password(string env) => env switch { "prod" => "98vjE6*boQ#j", _ => "" };"""),
        new("MCV1003", """void Seed(System.Collections.Generic.IDictionary<string, string> s) { s["ConnectionStrings:RedisPassword"] = "qrtle&WvTDuR"; }"""),
        new("MCV1003", """const string password = "correcthorsebattery";"""),
        new("MCV1003", """private string _bearerToken = "gR3yNwos_bDWmE4kuv4VGOfYcMuq";"""),
        new("MCV1003", """const string DatabasePwd = "OQPeWIDtcKZ1";"""),
        new("MCV1003", """const string SharedSecret = "Dw0gBEHum3adzqxMhGx3taeY5jvD";"""),
        new("MCV1003", """static (string User, string Password) Creds = ("svc", "3zwr8FwGv*%j");"""),
        new("MCV1003", """const string ApiKey = "vBiE6NfxGkoUKFnT2g";"""),
        new("MCV1003", """string[] Args() => new[] { "--db-password", "kWcTOWFtjcdw7" };"""),
        new("MCV1003", """void Reset(Corpus.User u) { u.Password = "BCRGja3o3kV_2WHP"; }"""),
        new("MCV1004", """const string Sb = "Endpoint=sb://orders.servicebus.windows.net/;SharedAccessKeyName=send;Password=K#42P&EnKYAi";"""),
        // Relabelled clean (rules, 2026-12-03): `rabbitmq` is a compose service name, local by the labelling policy (rule 5).
        new(null, """const string Amqp = "amqp://guest:J6-Rkcgkq0y2@rabbitmq:5672/";"""),
        new("MCV1004", """const string Oracle = "User Id=scott;Password=JpeiG8YqL9B%;Data Source=orcl";"""),
        new("MCV1004", """string Url(string host) => "https://admin:" + "N5GGx6KtyQqD" + "@" + host + "/api";"""),
        new("MCV1005", """string? Key() => System.Environment.GetEnvironmentVariable("OPENAI_API_KEY");"""),
        new(null, """string? Secret(Microsoft.Extensions.Configuration.IConfiguration c) => c["AzureAd:ClientSecret"];"""),
        new("MCV1005", """string? Pwd() => System.Environment.GetEnvironmentVariable("MYSQL_ROOT_PASSWORD");"""),
        new(null, """string? Tok(Microsoft.Extensions.Configuration.IConfiguration c) => c["Telegram:BotToken"];"""),

        new(null, """record PartnerConfig(string BaseUrl, string ApiKey); PartnerConfig Partner(string key) => new("https://partner.io", key);"""),
        new(null, """string Password(string env) => env switch { "prod" => "prod/db/password", _ => "dev/db/password" };"""),
        new(null, """const string password = "";"""),
        new(null, """const string ApiKeyHeaderName = "Ocp-Apim-Subscription-Key";"""),
        new(null, """const string TokenizerModel = "cl100k_base";"""),
        new(null, """const string SecretaryEmail = "secretary@shop.com";"""),
        new(null, """const string PasswordlessLoginRoute = "/auth/magic-link";"""),
        new(null, """string[] Args() => new[] { "--db-password-file", "/run/secrets/db" };"""),
        new(null, """const string Keyboard = "qwertyuiopasdfghjklzxcvbnm";"""),
        new(null, """const string MonkeyTokens = "banana,apple,cherry";"""),
        new(null, """const string TokenLimitExceeded = "Token limit exceeded";"""),
        new(null, """const string Passage = "Lorem ipsum dolor sit amet";"""),
        new(null, """static readonly System.Collections.Generic.Dictionary<string, string> Labels = new() { ["password"] = "Mot de passe", ["token"] = "Jeton" };"""),
        new(null, """const string DefaultTokenAlgorithm = "HS256";"""),
        new(null, """const string EncryptionKeyAlias = "alias/orders-prod";"""),
        new(null, """const string SigningKeyId = "2c1f7a0e-9b3d-4e8a-a6f5-0d9c8b7a6e5f";"""),
        new(null, """const string ApiKeyQueryParam = "api_key";"""),
        new(null, """const string OtpSecretLength = "32";"""),
        new(null, """string? Port() => System.Environment.GetEnvironmentVariable("DB_PORT");"""),
        new(null, """string? Tls(Microsoft.Extensions.Configuration.IConfiguration c) => c["Kestrel:Certificates:Default:Path"];"""),
        new(null, """const string Sql = "Server=db;Database=orders;Authentication=Active Directory Managed Identity;User Id=0f8fad5b-d9cb-469f-a165-70867728950e";"""),
        new(null, """const string PgPass = "*:*:*:*:*";"""),
        new(null, """bool Matches(string token) => token.StartsWith("Bearer ", System.StringComparison.Ordinal);"""),
        new(null, """const string PublicApiKey = "pk_test_TYooMQauvdEDq54NiTphI7jx";"""),
        new(null, """const string GitSha = "a94a8fe5ccb19ba61c4c0873d391e987982fbbd3";"""),
    };
}
