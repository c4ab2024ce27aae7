using Confluent.Kafka;
using RabbitMQ.Client;
using StackExchange.Redis;
using Xunit;

namespace Billing.Service.Tests;

public sealed class MessagingTests
{
    [Fact]
    public void Local_kafka_config()
    {
        var config = new ProducerConfig { BootstrapServers = "localhost:9092", SaslUsername = "test", SaslPassword = "test-secret-123" }; // clean -- test code, localhost
        Assert.Equal("localhost:9092", config.BootstrapServers);
    }

    [Fact]
    public void Qa_kafka_config()
    {
        var config = new ProducerConfig
        {
            BootstrapServers = "kafka-qa.internal.example-corp.net:9093", // clean
            SaslUsername = "qa-billing",
            SaslPassword = "Qa-K4fka!Bill", // secret: MCV1003 -- test code, non-local broker in the same initializer
        };
        Assert.NotNull(config.SaslPassword);
    }

    [Fact]
    public void Rabbit_factories()
    {
        var local = new ConnectionFactory { HostName = "localhost", UserName = "guest", Password = "guest" }; // clean
        var compose = new ConnectionFactory { HostName = "rabbitmq", UserName = "billing", Password = "Rabbit-C0mpose!" }; // clean -- compose service
        var qa = new ConnectionFactory { HostName = "rabbit-qa.internal.example-corp.net", UserName = "billing", Password = "Rabbit-Qa!2025" }; // secret: MCV1003 -- non-local host
        Assert.NotEqual(local.HostName, compose.HostName + qa.HostName);
    }

    [Fact]
    public void Redis_strings_parse()
    {
        var local = ConfigurationOptions.Parse("127.0.0.1:6379,password=L0cal-Redis!"); // clean
        var qa = ConfigurationOptions.Parse("billing-redis-qa.internal.example-corp.net:6380,password=Qa-Red1s!Pass,ssl=true"); // secret: MCV1004
        Assert.NotEqual(local.Password, qa.Password);
    }

    [Fact]
    public void Slack_notifications_use_the_bot()
    {
        const string botToken = "xoxb-26743252923-8505712955593-4gnzI7uSnAOEBg0JhPkhXZWH"; // secret: MCV1002
        const string fakeToken = "xoxb-not-a-real-token"; // clean
        Assert.NotEqual(botToken, fakeToken);
    }

    [Fact]
    public void Environment_overrides()
    {
        Environment.SetEnvironmentVariable("Payments__SecretKey", "sk_test_ka6AcofMYNYIqxgbx3WKjNSy"); // secret: MCV1002
        Environment.SetEnvironmentVariable("Payments__Provider", "stripe"); // clean
        Environment.SetEnvironmentVariable("Db__Password", "env-test-password"); // clean -- test code, no host
        Assert.Equal("stripe", Environment.GetEnvironmentVariable("Payments__Provider"));
    }
}
