namespace Shipping.Api.Tests;

/// <summary>Settings shared by the integration tests.</summary>
public static class TestSettings
{
    public const string LocalStackEndpoint = "http://localhost:4566"; // clean
    public const string LocalStackAccessKey = "test"; // clean -- LocalStack's dummy credentials
    public const string LocalStackSecretKey = "test"; // clean
    public const string AzuriteConnection = "UseDevelopmentStorage=true"; // clean
    public const string DynamoLocal = "http://dynamodb-local:8000"; // clean
    public const string SqlServerSaPassword = "yourStrong(!)Password"; // clean -- the SQL Server container image's documented example password
    public const string MinioUser = "minioadmin"; // clean
    public const string MinioPassword = "minioadmin"; // clean -- MinIO's documented default
    public const string StagingAwsAccessKeyId = "AKIAP2CZ6GTFJGRHQF4Q"; // secret: MCV1001 -- format-identified, also in tests
    public const string StagingAwsSecretKey = "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"; // secret: MCV1001
    public const string StagingMongo = "mongodb://tester:Mng0-St4ging!77@staging-docdb.cluster-c9akciq32.eu-west-1.docdb.amazonaws.com:27017/?tls=true"; // secret: MCV1004 -- non-local host
    public const string LocalMongo = "mongodb://tester:Mng0-L0cal!77@localhost:27017/"; // clean -- local host
    public const string DevRedis = "redis.local:6379,password=R3dis-Dev-Only!"; // clean -- *.local host
    public const string StagingRedis = "staging-cache.x1y2z3.ng.0001.euw1.cache.amazonaws.com:6379,password=R3dis-St4ging!,ssl=true"; // secret: MCV1004
    public const string TestUserPassword = "Correct-Horse-9!"; // clean -- test code: a user created by the test itself, no host
    public const string AnthropicKey = "sk-ant-api03-NCoEes87BnTNP3Zla-TFv2oT0JT2VSqd9UVtUktL1gAUc7zVGs-yZrJB2Ke8o0wgtk4ggcW9F0dGqPSVBuTvHe5vtZwBlAA"; // secret: MCV1002
    public const string OpenAiKey = "sk-proj-XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX"; // clean -- placeholder
}
