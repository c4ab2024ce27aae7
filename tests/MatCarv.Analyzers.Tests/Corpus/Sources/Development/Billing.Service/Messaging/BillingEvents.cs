using Confluent.Kafka;
using RabbitMQ.Client;
using StackExchange.Redis;

namespace Billing.Service.Messaging;

public static class BillingEvents
{
    public static ConnectionFactory Rabbit() => new()
    {
        Uri = new Uri("amqps://billing:Bill!Rabbit-2025@rabbit.internal.example-corp.net:5671/billing"), // secret: MCV1004
        AutomaticRecoveryEnabled = true,
    };

    public static ConnectionFactory RabbitLocal() => new() { Uri = new Uri("amqp://guest:guest@127.0.0.1:5672") }; // clean

    public static ConnectionFactory RabbitDr()
    {
        var factory = new ConnectionFactory { HostName = "rabbit-dr.internal.example-corp.net", UserName = "billing" }; // clean
        factory.Password = "Bill!Rabbit-DR-11"; // secret: MCV1003
        return factory;
    }

    public static ProducerConfig Kafka() => new()
    {
        BootstrapServers = "kafka-1.internal.example-corp.net:9093,kafka-2.internal.example-corp.net:9093", // clean
        SecurityProtocol = SecurityProtocol.SaslSsl,
        SaslMechanism = SaslMechanism.ScramSha256,
        SaslUsername = "billing-producer", // clean
        SaslPassword = "K4fka-Bill!ng-Prod", // secret: MCV1003
        SslKeystorePassword = "1fx9EcD-decx2veprN", // secret: MCV1003
        SslCaLocation = "/etc/ssl/certs/internal-ca.pem", // clean
    };

    public static ConsumerConfig KafkaOAuth() => new()
    {
        BootstrapServers = "kafka-1.internal.example-corp.net:9093",
        GroupId = "billing-invoice-projector", // clean
        SaslMechanism = SaslMechanism.OAuthBearer,
        SaslOauthbearerClientId = "billing-consumer", // clean
        SaslOauthbearerClientSecret = "CJbj--YQ68CoQXxGJXVLwgd9", // secret: MCV1003
        SaslOauthbearerTokenEndpointUrl = "https://idp.example-corp.net/oauth2/token", // clean
    };

    public static IDatabase Redis()
    {
        var multiplexer = ConnectionMultiplexer.Connect("billing-redis.internal.example-corp.net:6380,ssl=true,user=billing,password=YXrSqiBYsXvlGk784n"); // secret: MCV1004
        return multiplexer.GetDatabase();
    }

    public static IDatabase RedisFromOptions()
    {
        var options = ConfigurationOptions.Parse("billing-redis.internal.example-corp.net:6380,ssl=true"); // clean
        options.Password = "Rd!s-Bill-0ptions"; // secret: MCV1003
        return ConnectionMultiplexer.Connect(options).GetDatabase();
    }

    public static IDatabase RedisLocal() => ConnectionMultiplexer.Connect("redis:6379,password=redis").GetDatabase(); // clean -- compose service, trivial password

    public static string InvoiceTopic => "billing.invoices.v1"; // clean
}
