namespace Billing.Service.Tests;

/// <summary>Endpoints and credentials of the environments the tests can run against.</summary>
internal static class TestEnvironment
{
    public static string Database => Environment.GetEnvironmentVariable("BILLING_TEST_DB") ?? "Host=localhost;Database=billing_tests;Username=postgres;Password=postgres"; // clean
    public static string? DbPassword => Environment.GetEnvironmentVariable("BILLING_TEST_DB_PASSWORD"); // clean -- test code reads CI secrets from the environment
    public static string Redis => "billing-redis.test.local:6379,password=T3st-Redis-L0cal"; // clean -- *.local
    public static string Rabbit => "amqp://billing:Rabbit-Qa!2025@rabbit-qa.internal.example-corp.net:5672/billing"; // secret: MCV1004 -- non-local host
    public static string Kafka => "kafka:9092"; // clean
    public static string SftpPassword => "Sftp-Qa!Bank-22"; // clean -- test code, no host in sight
    public static string SmtpUri => "smtp://qa-mailer:Qa-M4iler!pw@smtp.qa.example-corp.net:587"; // secret: MCV1004 -- non-local host
    public static string AzuriteKey => "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=="; // clean -- Azurite's documented key
    public static string SlackWebhook => "https://hooks.slack.com/services/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"; // secret: MCV1002
    public static string NpmToken => "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"; // secret: MCV1002
    public static string PyPiToken => "pypi-AgEIcHlwaS5vcmc..."; // clean -- truncated example
    public static string DocExampleAws => "AKIAIOSFODNN7EXAMPLE"; // clean -- AWS documented example
    public static string Sha => "6726b1ee8d02a39cfd73e283dc34e17df934555100eede40ea538d2ac987bd87"; // clean
    public static Guid TenantId => Guid.Parse("a1f257dc-7438-4161-a33b-0dd0e18be6c6"); // clean
}
