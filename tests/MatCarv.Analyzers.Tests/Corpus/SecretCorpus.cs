namespace MatCarv.Analyzers.Tests.Corpus;

/// <summary>
/// Labelled secrets corpus: realistic snippets of Lambda functions and ASP.NET services. Positives carry the rule that
/// must fire; negatives are the false-positive classes the published tools document (placeholders, documentation keys,
/// references, hashes, GUIDs, public keys, identifiers and messages that mention "password"). Values are random,
/// generated for this corpus: none is a real credential.
/// </summary>
internal static class SecretCorpus
{
    public const string ExtraStubs = """
        #nullable enable
        namespace Amazon { public sealed class RegionEndpoint { public static readonly RegionEndpoint EUWest1 = new(); } }
        namespace Amazon.S3 { public sealed class AmazonS3Client { public AmazonS3Client(string awsAccessKeyId, string awsSecretAccessKey, Amazon.RegionEndpoint region) { } } }
        namespace Amazon.SecretsManager.Model { public sealed class GetSecretValueRequest { public string? SecretId { get; set; } public string? VersionStage { get; set; } } }
        namespace Corpus
        {
            public sealed class DbOptions { public string? Host { get; set; } public string? Username { get; set; } public string? Password { get; set; } public string? PasswordSecretArn { get; set; } public string? ConnectionString { get; set; } }
            public sealed class SmtpSettings { public string? Server { get; set; } public string? User { get; set; } public string? Pass { get; set; } public string? ApiKey { get; set; } }
            public sealed class JwtSettings { public string? Issuer { get; set; } public string? SigningKey { get; set; } public string? Audience { get; set; } public int TokenLifetimeMinutes { get; set; } }
            public sealed class User { public string? Email { get; set; } public string? Password { get; set; } public string? PasswordHash { get; set; } }
            public static class Api { public static void Login(string username, string password) { } public static void UseToken(string token) { } public static void Send(string url, string body) { } }
        }
        """;

    public static readonly CorpusCase[] Cases =
    {
        // ---------- MCV1001: AWS credentials ----------
        new("MCV1001", """const string AccessKeyId = "AKIA454ML6LG4TJFCZ4K";"""),
        new("MCV1001", """private static readonly Amazon.Runtime.AWSCredentials Credentials = new Amazon.Runtime.BasicAWSCredentials("AKIA5R2FQUOSBEGZGSYE", "bWWbjkloG1QX647kdNl9cDo+/GbVMszvR4+EPZGz");"""),
        new("MCV1001", """object Client() => new Amazon.S3.AmazonS3Client(System.Environment.GetEnvironmentVariable("AWS_ACCESS_KEY_ID")!, "3zBXCOArr+SfiJvo58JB0W+O5PjeJfJTNcrZ6ydI", Amazon.RegionEndpoint.EUWest1);"""),
        new("MCV1001", """string AwsSecretAccessKey { get; } = "Esgo5nVjzz8Gwb8ewCISuYCl0Xq56zaWR7PAmpBF";"""),
        new("MCV1001", """const string CredentialsFile = "[default]\naws_access_key_id = AKIAA2HIPGAD57LM4MI2\naws_secret_access_key = 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\n";"""),
        new("MCV1001", """void Configure(System.Collections.Generic.Dictionary<string, string> env) { env["AWS_ACCESS_KEY_ID"] = "ASIAYHZ2NARTBNLZGCJN"; }"""),
        new("MCV1001", """void SetUp() { System.Environment.SetEnvironmentVariable("AWS_ACCESS_KEY_ID", "AKIA4QAVSYEEFNPAXX5I"); }"""),
        new("MCV1001", """string Header() => $"AWS4-HMAC-SHA256 Credential=AKIAGGCQPZQ27SLEIO6E/{System.DateTime.UtcNow:yyyyMMdd}/eu-west-1/s3/aws4_request";"""),
        new("MCV1001", """const string SessionKey = "ASIARNNBER24PDCLSXIF";"""),
        new("MCV1001", """private readonly string _awsSecretKey = "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";"""),
        new("MCV1001", """object Creds(string key) => new Amazon.Runtime.BasicAWSCredentials(key, secretKey: "+n+pGz3cW0uABBrDSxOOyBymrEqlHXm31qzZcmzT");"""),
        new("MCV1001", """const string LegacyKey = "AKIAXI4VICB6WTCBE6ET"; const string LegacySecret = "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";"""),

        // ---------- MCV1002: recognisable formats ----------
        // The GitHub and npm tokens were regenerated with a valid CRC-32 checksum (rules, 2026-12-03): the old values had the
        // prefix but a wrong checksum, so GitHub/npm never issued them (github.blog 2021-04-05) and the label was wrong.
        new("MCV1002", """const string GitHubToken = "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";"""),
        new("MCV1002", """void Auth(System.Net.Http.HttpClient http) { http.DefaultRequestHeaders.Add("Authorization", "token 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"); }"""),
        new("MCV1002", """private const string Pat = "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";"""),
        new("MCV1002", """const string GitLab = "glpat-_BpYconEG4ZgzWbmHGJR";"""),
        new("MCV1002", """const string NpmRc = "//registry.npmjs.org/:_authToken=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";"""),
        new("MCV1002", """void Notify() => Corpus.Api.UseToken("xoxb-64869458474-844003902660-5uVzdLU8ueZ5oBUEqWpcHg7Z");"""),
        new("MCV1002", """void Alert(string text) => Corpus.Api.Send("https://hooks.slack.com/services/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", text);"""),
        new("MCV1002", """static readonly string Stripe = "sk_live_n6QMfStFUWSus4jowQUux6hu";"""),
        new("MCV1002", """string RestrictedKey => "rk_live_TCKM658R6rCHZtDuoz97U5Hp";"""),
        new("MCV1002", """const string MapsUrl = "https://maps.googleapis.com/maps/api/geocode/json?key=AIzakUUdUYXyVXtwwl6KcChuLc2iNkQkJnOkdsm";"""),
        new("MCV1002", """const string SendGrid = "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";"""),
        new("MCV1002", """const string OpenAi = "sk-proj-OJ80JE2qF4z69vQJX9fE3ozdn8iZZyHYHXrYdQ7pT3BlbkFJ5a3E5xCYpTAM3kAkXujq63ZHiOVNrHIdjKXlan06";"""),
        new("MCV1002", """const string Claude = "sk-ant-api03-tqkTIm97kMcy1yl4Ae0_uNONZjN7iUjrnY7p4bW8ELo6bAtLWMRYlGyzWoQNJ8Q5WlnsmqwxyZe7lmDeup30jR2rAsX9QAA";"""),
        new("MCV1002", """const string Shopify = "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";"""),
        new("MCV1002", """const string HuggingFace = "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";"""),
        new("MCV1002", """const string DigitalOcean = "dop_v1_b552e1c549c056de14c3c5a487a114cf3fbdd9fedd33add0a19dca9273e7c1f3";"""),
        new("MCV1002", """const string TelegramBot = "8384631586:AAvC1pjmqp6aLFMdPwi45YsTDfNd6ONP_s8";"""),
        new("MCV1002", """const string Discord = "https://discord.com/api/webhooks/334035570283833014/OJ1rQ41kvCNpzIxELIVoDMxCJql7j4jfaKG2lvKyFwJdxte7Xa_hxiUP9eLwvo3E4GEH";"""),
        new("MCV1002", """const string Blob = "DefaultEndpointsProtocol=https;AccountName=ordersstore;AccountKey=+C/Hezg5xPtc/34HdjowEsgN2fOH/lvWGFu/6hO07UBfq+rs6faE0slYM82jeDLGpE17lDUNRBfuZhRw7YBWWg==;EndpointSuffix=core.windows.net";"""),
        new("MCV1002", """const string ServiceToken = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJvcmRlcnMtc2VydmljZSIsInJvbGUiOiJhZG1pbiJ9.Qm9hc3RfX2tleV9zaWduYXR1cmVfdjJfYWJj";"""),
        new("MCV1002", """
            const string SigningKey = @"-----BEGIN PRIVATE KEY-----
            MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7VJTUt9Us8cKj
            MzEfYyjiWA4R4/M2bS1GB4t7NXp98C3SC6dVMvDuictGeurT8jNbvJZHtCSuYEvu
            -----END PRIVATE KEY-----";
            """),
        new("MCV1002", """
            static readonly string EcKey = "-----BEGIN EC PRIVATE KEY-----\n" +
                "MHcCAQEEIBkg4LVWM9nuwNSk3yByxZpYRTBnVJk5oOQ4BiXJhcJ0oAoGCCqGSM49\n" +
                "AwEHoUQDQgAE7S1Q5Ez3kBfYdnJ8yC7kLwV3h6mTzKX9R5xYq2vNpL8sJ4tWm0dE\n" +
                "-----END EC PRIVATE KEY-----\n";
            """),

        // ---------- MCV1003: secret-named locations ----------
        new("MCV1003", """private const string DbPassword = "Tr0ub4dor&3x";"""),
        new("MCV1003", """private static readonly string AdminPassword = "Adm1n!Portal#2024";"""),
        new("MCV1003", """public string ClientSecret { get; set; } = "nAwplYJZkEnznMDWtECFORl3";"""),
        new("MCV1003", """Corpus.DbOptions Db() => new() { Host = "orders-db", Username = "orders", Password = "MYE!fyt%qeAN029r^HO5" };"""),
        new("MCV1003", """Corpus.SmtpSettings Smtp() => new() { Server = "smtp.office365.com", User = "alerts@shop.com", Pass = "^lR2t9GNcYpUiZIgW@M8" };"""),
        new("MCV1003", """Corpus.JwtSettings Jwt() => new() { Issuer = "https://auth.shop.com", SigningKey = "Qyj4n1rITCziyH3wogsxwNni", Audience = "orders" };"""),
        new("MCV1003", """void Login() => Corpus.Api.Login("svc-orders", "E@kQHSncOAYuyuuQ!LV1");"""),
        new("MCV1003", """void Login2() => Corpus.Api.Login(username: "svc-orders", password: "8rII1GYXrgupfyKT*pZQ");"""),
        new("MCV1003", """System.Net.NetworkCredential Smtp() => new("alerts", "BxBgqMAwSntsVSx3cbZ#");"""),
        new("MCV1003", """void Seed(System.Collections.Generic.Dictionary<string, string?> settings) { settings["Stripe:ApiKey"] = "Uu4qebcwu5xKtq0Q4lPEyNv9"; }"""),
        new("MCV1003", """static readonly System.Collections.Generic.Dictionary<string, string> Defaults = new() { ["Database:Password"] = "fgPt*7QGOy8Zgq!oDxso" };"""),
        new("MCV1003", """static readonly System.Collections.Generic.Dictionary<string, string> Headers = new() { { "x-api-key", "sxVQIFpPpxuTl6GVi4ee0g4T" } };"""),
        new("MCV1003", """void M(System.Net.Http.HttpRequestMessage request) { request.Headers.Add("X-Api-Key", "5b1I2EkxetCZ31PsozUNAWjK"); }"""),
        new("MCV1003", """bool IsAdmin(string password) => password == "WbROJAAxqv7fqJoHSTNz";"""),
        new("MCV1003", """bool Check(string token) => string.Equals(token, "K18Udl2b8kIhRerwbWJteGDa", System.StringComparison.Ordinal);"""),
        new("MCV1002|MCV1003", """private readonly string _webhookSecret = "whsec_dzgu8I18Wnb4lueWLgLuBE98";"""),
        new("MCV1003", """string ApiToken => "ZgGqqel3cTvqHZwDnIa3BmFr";"""),
        new("MCV1003", """void Connect(string host, string pwd = "qGX1JRnnm6AlUcVdSct8") { }"""),
        new("MCV1003", """void Init() { var encryptionKey = "aeSnVTx3tXAmjeOrBx0NArDi"; Use(encryptionKey); } void Use(string s) { }"""),
        new("MCV1003", """void Init() { string dbPass = "l%%NLTFF07gB5vn6rn#t"; Use(dbPass); } void Use(string s) { }"""),
        new("MCV1003", """const string HmacKey = "exkDGuEQPMdobYzB1oPIShde";"""),
        new("MCV1003", """const string RedisPassword = "3Q5ogN&hu&WPZCmVeOU9";"""),
        new("MCV1003", """static string MasterKey = "jKHlANN93T9hA0aojZ0hVVTy";"""),
        new("MCV1003", """const string PrivateKeyPassphrase = "gYkrRcBa91Qjwk4rW53p";"""),
        new("MCV1003", """const string ServiceAccountPassword = "Sp!ngField2023";"""),
        new("MCV1003", """object User() => new Corpus.User { Email = "ops@shop.com", Password = "Passw0rd!2024" };"""),
        new("MCV1003", """const string RabbitPassword = "rabbit-Pr0d-77";"""),
        new("MCV1003", """const string ApiSecret = "8oHVHFUaxAL9gaSLw9px9MSx";"""),
        new("MCV1003", """const string PaymentsApiKey = "ea23b33c9363da4348fd1dc6ffdcf35a";"""),
        new("MCV1003", """const string AuthToken = "cf3753941b5faf4eb937466b3565bab39837b058";"""),
        new("MCV1003", """private const string JwtSecret = "ThisIsMySuperSecretSigningKey123!";"""),
        new("MCV1003", """private static readonly byte[] SigningKeyBytes = System.Text.Encoding.UTF8.GetBytes(RawSigningKey); const string RawSigningKey = "fd9bMiBTpVEHl2pY-h_XQK-JCuZz8vSE";"""),
        new("MCV1003", """System.ReadOnlySpan<byte> HmacSecret => "UdBjg01iJi75WXerIN-U8ctyIDHCEaYa"u8;"""),
        new("MCV1003", """const string DB_PASSWORD = "pg-0rders!prod";"""),
        new("MCV1003", """const string ClientSecretValue = "XBKs4wnG_3ptPcIsJZJPDk9zUHgtiaNk";"""),
        new("MCV1003", """void Seed() { System.Environment.SetEnvironmentVariable("SMTP_PASSWORD", "m4il!Relay#9"); }"""),
        new("MCV1003", """static readonly System.Collections.Generic.KeyValuePair<string, string> Basic = new("password", "Kv9!zLq2#Rt");"""),
        new("MCV1003", """string ConsumerSecret { get; init; } = "AiUbHF-ZNm9Z0GdbsDPXVJU5TNJiPmHQ";"""),
        new("MCV1003", """void Configure(Corpus.DbOptions o) { o.Password = "C-0wIiXPxTbsWhBS42op"; }"""),
        new("MCV1003", """const string SftpPassword = "Ejn4_Ej-hitUwmQeSCKp1";"""),
        new("MCV1003", """const string KeystorePass = "pmS1E-pKpKk6C9Xz0C5i";"""),

        // ---------- MCV1004: connection strings and URLs ----------
        new("MCV1004", """const string OrdersDb = "Server=orders-db.internal;Database=orders;User Id=orders_app;Password=7ZBA-VsYmkavG8p37;TrustServerCertificate=true";"""),
        new("MCV1004", """const string Pg = "Host=pg.internal;Port=5432;Username=app;Password=uLdZo-MfX1MkBHo1;Database=catalog";"""),
        // Relabelled clean (rules, 2026-12-03): `mysql` is a compose service name, local by the labelling policy (rule 5).
        new(null, """const string MySql = "server=mysql;uid=root;pwd=MAhOx-pSglBGI2VZ;database=shop";"""),
        new("MCV1004", """const string Mongo = "mongodb+srv://orders:Kq8vR2mLp4Xz@cluster0.abcde.mongodb.net/orders?retryWrites=true";"""),
        new("MCV1004", """const string Redis = "redis://default:R3dis!Pr0d@cache.internal:6379/0";"""),
        new("MCV1004", """const string Amqp = "amqps://shop:Mq-Pa55word-9@b-1234.mq.eu-west-1.amazonaws.com:5671";"""),
        new("MCV1004", """const string Ftp = "ftp://reports:Fz9!xQw2@files.partner.com/outgoing";"""),
        new("MCV1004", """string Db(string host) => $"Host={host};Username=app;Password=Pg!Secret-77;Database=orders";"""),
        new("MCV1004", """const string Legacy = "Data Source=sql01;Initial Catalog=Billing;User ID=billing;Password='Bill!ng#2022';";"""),
        new("MCV1004", """const string Callback = "https://partner.example.org/hooks?client_id=shop&client_secret=jKHlANN93T9hA0ao";"""),
        new("MCV1004", """const string Report = "https://reports.internal/export?user=bi&password=Exp0rt!Now";"""),
        new("MCV1004", """Corpus.DbOptions Options() => new() { ConnectionString = "Server=db;Database=app;User Id=sa;Password=S@Passw0rd2019;" };"""),
        new("MCV1004", """const string Jdbc = "jdbc:postgresql://pg:5432/orders?user=app&password=Jd8c!Pass";"""),
        new("MCV1004", """static readonly string Elastic = "https://elastic:Zx9vK2mLq8@search.internal:9200";"""),

        // ---------- MCV1005: secrets from environment variables ----------
        // IConfiguration reads of secret-named keys are labelled clean since the issue 13 decision (Corpus/README.md,
        // "Configuration reads"): the org's configuration is backed by Secrets Manager, so a key name alone is no finding.
        new("MCV1005", """string? DbPassword() => System.Environment.GetEnvironmentVariable("DB_PASSWORD");"""),
        new("MCV1005", """string Stripe() => System.Environment.GetEnvironmentVariable("STRIPE_SECRET_KEY") ?? "";"""),
        new("MCV1005", """string? GitHub() => System.Environment.GetEnvironmentVariable("GITHUB_TOKEN");"""),
        new("MCV1005", """string? Aws() => System.Environment.GetEnvironmentVariable("AWS_SECRET_ACCESS_KEY");"""),
        new(null, """string? Jwt(Microsoft.Extensions.Configuration.IConfiguration c) => c["Jwt:SigningKey"];"""),
        new(null, """string? Smtp(Microsoft.Extensions.Configuration.IConfiguration c) => c.GetSection("Smtp")["Password"];"""),
        new(null, """string? Api(Microsoft.Extensions.Configuration.IConfiguration c) => Microsoft.Extensions.Configuration.ConfigurationBinder.GetValue<string>(c, "Payments:ApiKey");"""),
        new(null, """string? Client(Microsoft.Extensions.Configuration.IConfiguration c) => c["Auth0:ClientSecret"];"""),
        new("MCV1005", """string? Webhook() => System.Environment.GetEnvironmentVariable("SLACK_WEBHOOK_SECRET");"""),
        new("MCV1005", """string? Pat() => System.Environment.GetEnvironmentVariable("NPM_TOKEN");"""),
        new(null, """string? Redis(Microsoft.Extensions.Configuration.IConfiguration c) => c["Redis:Password"];"""),
        new("MCV1005", """string? Db() => System.Environment.GetEnvironmentVariable("PGPASSWORD");"""),

        // ---------- negatives: placeholders and documentation examples ----------
        new(null, """const string Password = "<password>";"""),
        new(null, """const string DbPassword = "${DB_PASSWORD}";"""),
        new(null, """const string ApiKey = "{{ api_key }}";"""),
        new(null, """const string ClientSecret = "REPLACE_ME";"""),
        new(null, """const string Token = "****";"""),
        new(null, """const string AwsAccessKeyId = "AKIAIOSFODNN7EXAMPLE";"""),
        new(null, """const string AwsSecretAccessKey = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";"""),
        new(null, """const string SamplePassword = "your-password-here";"""),
        new(null, """const string StripeKey = "sk_live_XXXXXXXXXXXXXXXXXXXXXXXX";"""),
        new(null, """const string Secret = "changeme";"""),
        new(null, """const string AdminPassword = "%ADMIN_PASSWORD%";"""),
        new(null, """const string DocKey = "-----BEGIN RSA PRIVATE KEY-----\n<your private key>\n-----END RSA PRIVATE KEY-----";"""),
        new(null, """const string ConnectionString = "Server=myServer;Database=myDb;User Id=myUser;Password=<password>;";"""),
        new(null, """const string GhToken = "ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx";"""),
        new(null, """const string Pwd = "$(DbPassword)";"""),
        new(null, """const string Token = "#{ApiToken}#";"""),
        new(null, """const string Secret = "__SECRET__";"""),
        new(null, """const string ApiKey = "dummy-api-key-for-local-dev";"""),
        new(null, """const string Url = "postgres://user:password@localhost:5432/db";"""),
        new(null, """const string ExampleJwt = "eyJhbGciOiJub25lIiwidHlwIjoiSldUIn0.eyJzdWIiOiIxMjM0NTY3ODkwIn0.";"""),

        // ---------- negatives: references to secrets ----------
        new(null, """const string DbSecretArn = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:prod/orders/db-AbCdEf";"""),
        new(null, """object Request() => new Amazon.SecretsManager.Model.GetSecretValueRequest { SecretId = "prod/orders/stripe-api-key" };"""),
        new(null, """const string PasswordSecretName = "prod/orders/db-password";"""),
        new(null, """Corpus.DbOptions Db() => new() { Host = "db", PasswordSecretArn = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:db-pass-1a2b3c" };"""),
        new(null, """const string ApiKeyConfigKey = "Payments:Stripe:ApiKey";"""),
        new(null, """const string TokenEnvVar = "GITHUB_TOKEN";"""),
        new(null, """const string PasswordParameter = "/orders/prod/db/password";"""),
        new(null, """const string Password = "Database:Password";"""),
        new(null, """const string ClientSecret = "Auth0__ClientSecret";"""),
        new(null, """string? Arn() => System.Environment.GetEnvironmentVariable("DB_PASSWORD_SECRET_ARN");"""),
        new(null, """string? Name() => System.Environment.GetEnvironmentVariable("STRIPE_API_KEY_SECRET_NAME");"""),
        new(null, """string? Id(Microsoft.Extensions.Configuration.IConfiguration c) => c["Secrets:DbPasswordSecretId"];"""),
        new(null, """const string KmsKeyArn = "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";"""),
        new(null, """const string TokenPath = "/var/run/secrets/eks.amazonaws.com/serviceaccount/token";"""),
        new(null, """const string PrivateKeyFile = "certs/signing-key.pem";"""),
        new(null, """const string SecretsManagerEndpoint = "https://secretsmanager.eu-west-1.amazonaws.com";"""),
        new(null, """const string EncryptedPassword = "AQICAHhQ3Fz9x7Vb2mXk8Lp4Rt1Ws6Yb4Nd0Fc2JqTe5Gh2Kq9Xv7Mz3Lp8";"""),
        new(null, """const string SsmPath = "ssm:/orders/prod/api-token";"""),
        new(null, """const string ApiKeyHeader = "X-Api-Key";"""),
        new(null, """const string TokenCacheKey = "auth:tokens:orders";"""),

        // ---------- negatives: hashes, GUIDs, public keys, ids ----------
        new(null, """const string PasswordHash = "ebb68b723290336b9b41240d42d52bf63d4f62f02498a7844d0fa525133990d1";"""),
        new(null, """const string Sha256 = "4520b26c7dba7bc0781babe7d56468ef7a5788059729a617227e61d4bb22c4d7";"""),
        new(null, """const string CommitSha = "3f786850e387550fdab836ed7e6dc881de23001b";"""),
        new(null, """const string ApiKeyId = "0f8fad5b-d9cb-469f-a165-70867728950e";"""),
        new(null, """const string ClientId = "8oHVHFUaxAL9gaSLw9px9MSx";"""),
        new(null, """const string AccessKeyId = "ASIA-TEMP-ID";"""),
        new(null, """const string CorrelationToken = "0f8fad5b-d9cb-469f-a165-70867728950e";"""),
        new(null, """const string PublicKey = "MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAu1SU1LfVLPHCozMxH2Mo4lgOEePzNm0tRgeLezV6ffAt0gun";"""),
        new(null, """const string StripePublishableKey = "pk_live_n6QMfStFUWSus4jowQUux6hu";"""),
        new(null, """const string SshPublicKey = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl deploy@ci";"""),
        new(null, """const string Certificate = "-----BEGIN CERTIFICATE-----\nMIIDdzCCAl+gAwIBAgIEAgAAuTANBgkqhkiG9w0BAQUFADBaMQswCQYDVQQGEwJJRTESMBAGA1UE\n-----END CERTIFICATE-----";"""),
        new(null, """const string AdminPasswordHash = "$2b$12$KIXQJmZpZb7a8Vb2uY9hUOcT5aP9W0i3nQ2rS6tU8vW0xY2zA4bC6";"""),
        new(null, """const string Integrity = "sha512-z4PhNX7vuL3xVChQ1m2AB9Yg5AULVxXcg/SpIdNs6c5H0NE8XYXysP+DGNKHfuwvY7kxvUR";"""),
        new(null, """const string ETag = "\"33a64df551425fcc55e4d42a148795d9f25f89d4\"";"""),
        new(null, """const string KeyFingerprint = "SHA256:nThbg6kXUpJWGl7E1IGOCspRomTxdCARLviKw6E5SY8";"""),
        new(null, """const string TraceId = "1-5759e988-bd862e3fe1be46a994272793";"""),
        new(null, """const string RequestId = "c6af9ac6-7b61-11e6-9a41-93e8deadbeef";"""),
        new(null, """const string IdempotencyKey = "order-2024-000123";"""),
        new(null, """const string PartitionKey = "ORDER#2024#000123";"""),
        new(null, """const string CsrfToken = "Qyj4n1rITCziyH3wogsxwNni";"""),

        // ---------- negatives: identifiers and messages mentioning passwords ----------
        new(null, """const string PasswordRequired = "Password is required";"""),
        new(null, """const string InvalidPassword = "The password you entered is incorrect.";"""),
        new(null, """const string PasswordPrompt = "Enter password:";"""),
        new(null, """const string PasswordTooShort = "Password must be at least 12 characters long";"""),
        new(null, """const string PasswordField = "password";"""),
        new(null, """const string PasswordInputId = "login-password-input";"""),
        new(null, """const string ResetPasswordRoute = "/account/reset-password";"""),
        new(null, """const string ForgotPasswordUrl = "https://shop.com/account/forgot-password";"""),
        new(null, """const string PasswordRegex = @"^(?=.*[a-z])(?=.*[A-Z])(?=.*\d)(?=.*[^\da-zA-Z]).{12,}$";"""),
        new(null, """const string PasswordChars = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789!@#$%";"""),
        new(null, """const int PasswordMinLength = 12;"""),
        new(null, """const string TokenType = "Bearer";"""),
        new(null, """const string GrantType = "client_credentials";"""),
        new(null, """const string TokenEndpoint = "https://auth.shop.com/oauth2/token";"""),
        new(null, """const string SecretHeaderName = "X-Webhook-Signature";"""),
        new(null, """const string PasswordColumn = "password_hash";"""),
        new(null, """const string PasswordPolicyName = "StrongPasswordPolicy";"""),
        new(null, """const string TokenAudience = "orders-api";"""),
        new(null, """const string SecretsSection = "Secrets";"""),
        new(null, """string Describe() => "password: " + "hidden";"""),
        new(null, """void Log(Microsoft.Extensions.Logging.ILogger logger) => Microsoft.Extensions.Logging.LoggerExtensions.LogWarning(logger, "Password for {User} expires in {Days} days", "ops", 3);"""),
        new(null, """Corpus.JwtSettings Jwt() => new() { Issuer = "https://auth.shop.com", Audience = "orders", TokenLifetimeMinutes = 15 };"""),
        new(null, """const string PassThroughHeader = "X-Forwarded-For";"""),
        new(null, """const string BypassToken = "bypass";"""),
        new(null, """void Login() => Corpus.Api.Login("svc-orders", string.Empty);"""),
        new(null, """bool IsEmpty(string password) => password == "";"""),
        new(null, """bool IsDefault(string token) => token == "undefined";"""),
        new(null, """const string PasswordResetEmailSubject = "Reset your password";"""),
        new(null, """const string DefaultTokenName = "access_token";"""),
        new(null, """const string PasswordQuestion = "What was your first pet's name?";"""),
        new(null, """const string PasswordFormat = "Hashed";"""),
        new(null, """const string CancellationTokenName = "cancellationToken";"""),
        new(null, """const string SecretKeyLength = "256";"""),

        // ---------- negatives: connection strings and URLs without literal passwords ----------
        new(null, """const string Sql = "Server=orders-db;Database=orders;Integrated Security=true;TrustServerCertificate=true";"""),
        new(null, """const string Format = "Server={0};Database={1};User Id={2};Password={3};";"""),
        new(null, """string Db(string host, string password) => $"Host={host};Username=app;Password={password};Database=orders";"""),
        new(null, """string Db2(string password) => "Server=db;User Id=app;Password=" + password + ";";"""),
        new(null, """const string Iam = "Host=orders.cluster-abc.eu-west-1.rds.amazonaws.com;Username=app;Database=orders;SSL Mode=Require";"""),
        new(null, """const string Masked = "postgres://app:****@db:5432/orders";"""),
        new(null, """const string Local = "Server=(localdb)\\mssqllocaldb;Database=Orders;Trusted_Connection=True;";"""),
        new(null, """const string Sqlite = "Data Source=orders.db;Cache=Shared";"""),
        new(null, """const string Api = "https://api.partner.com/v1/orders?page=2&pageSize=50";"""),
        new(null, """const string Redis = "cache.internal:6379,ssl=true,abortConnect=false";"""),
        new(null, """const string S3 = "s3://orders-exports/2024/01/report.csv";"""),
        new(null, """const string Docs = "Server=db;User Id=app;Password=${DB_PASSWORD};";"""),
        new(null, """const string EmptyPassword = "Server=db;User Id=app;Password=;";"""),
        new(null, """const string Mailto = "mailto:ops@shop.com";"""),
        new(null, """const string Callback = "https://shop.com/callback?state=abc&token={token}";"""),

        // ---------- negatives: ordinary configuration and environment reads ----------
        new(null, """string? Region() => System.Environment.GetEnvironmentVariable("AWS_REGION");"""),
        new(null, """string? Fn() => System.Environment.GetEnvironmentVariable("AWS_LAMBDA_FUNCTION_NAME");"""),
        new(null, """string? Table() => System.Environment.GetEnvironmentVariable("ORDERS_TABLE_NAME");"""),
        new(null, """string? Bucket(Microsoft.Extensions.Configuration.IConfiguration c) => c["Storage:BucketName"];"""),
        new(null, """string? Endpoint(Microsoft.Extensions.Configuration.IConfiguration c) => c["Auth:TokenEndpoint"];"""),
        new(null, """int Len(Microsoft.Extensions.Configuration.IConfiguration c) => Microsoft.Extensions.Configuration.ConfigurationBinder.GetValue<int>(c, "Security:PasswordMinLength");"""),
        new(null, """string? Key(Microsoft.Extensions.Configuration.IConfiguration c) => c["Cache:KeyPrefix"];"""),
        new(null, """string? Queue() => System.Environment.GetEnvironmentVariable("ORDERS_QUEUE_URL");"""),
        new(null, """string? Kms() => System.Environment.GetEnvironmentVariable("KMS_KEY_ID");"""),
        new(null, """string? Issuer(Microsoft.Extensions.Configuration.IConfiguration c) => c["Jwt:Issuer"];"""),
        new(null, """string? Home() => System.Environment.GetEnvironmentVariable("HOME");"""),
        new(null, """string? Lifetime(Microsoft.Extensions.Configuration.IConfiguration c) => c["Auth:TokenLifetime"];"""),

        // ---------- negatives: other high-entropy strings that are not secrets ----------
        new(null, """const string Base64Logo = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==";"""),
        new(null, """const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";"""),
        new(null, """const string BuildId = "20240117.3-rc2+sha.5b1I2Ek";"""),
        new(null, """const string CronExpression = "cron(0/15 * ? * MON-FRI *)";"""),
        new(null, """const string TableName = "orders-prod-OrdersTable-1X2Y3Z4W5V6U";"""),
        new(null, """const string FunctionArn = "arn:aws:lambda:eu-west-1:123456789012:function:orders-api";"""),
        new(null, """const string Query = "SELECT id, email FROM users WHERE password_hash = @hash";"""),
        new(null, """const string Template = "Order {OrderId} shipped to {Country}";"""),
        new(null, """const string Route = "api/v1/orders/{orderId:guid}/items";"""),
        new(null, """const string UserAgent = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36";"""),
        new(null, """const string Xsd = "http://www.w3.org/2001/XMLSchema-instance";"""),
        new(null, """const string ContentType = "application/vnd.api+json; charset=utf-8";"""),
        new(null, """const string Nonce = "K18Udl2b8kIhRerwbWJteGDa";"""),
        new(null, """const string Salt = "ZgGqqel3cTvqHZwDnIa3BmFr";"""),
        new(null, """const string ImageDigest = "sha256:ea23b33c9363da4348fd1dc6ffdcf35a60b5bcceeb4fca2f78bd1828c76d25de";"""),
    };
}
