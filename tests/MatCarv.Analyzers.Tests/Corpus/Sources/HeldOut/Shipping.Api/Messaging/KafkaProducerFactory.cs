using Confluent.Kafka;

namespace Shipping.Api.Messaging;

public static class KafkaProducerFactory
{
    // Confluent Cloud API key secret; the API key id is the SASL user name.
    private const string ConfluentApiSecret = "tTQLn9cbKMjLw7Y+8emw2SVOSPG/sY5AlXUFc0vVRc8="; // secret(kafka-secret): MCV1003

    public static IProducer<string, string> Cloud() =>
        new ProducerBuilder<string, string>(new ProducerConfig
        {
            BootstrapServers = "pkc-4r087.eu-west-1.aws.confluent.cloud:9092", // clean
            SecurityProtocol = SecurityProtocol.SaslSsl,
            SaslMechanism = SaslMechanism.Plain,
            SaslUsername = "QXKJ5T3RWZ7ML2NP", // clean -- the Confluent API key id, sent as the SASL user name
            SaslPassword = ConfluentApiSecret, // same(kafka-secret)
            ClientId = "shipping-api", // clean
        }).Build();

    public static IProducer<string, string> Msk() =>
        new ProducerBuilder<string, string>(new ProducerConfig
        {
            BootstrapServers = "b-1.shipping.k3x9s1.c4.kafka.eu-west-1.amazonaws.com:9096",
            SecurityProtocol = SecurityProtocol.SaslSsl,
            SaslMechanism = SaslMechanism.ScramSha512,
            SaslUsername = "shipping-producer",
            SaslPassword = "Kf-Scr4m!Shp-2291", // secret: MCV1003
        }).Build();

    public static IProducer<string, string> Local() =>
        new ProducerBuilder<string, string>(new ProducerConfig
        {
            BootstrapServers = "localhost:9092", // clean
            SaslUsername = "admin",
            SaslPassword = "admin-secret", // clean -- local broker (localhost)
        }).Build();

    public static ConsumerConfig Consumer(string password) => new()
    {
        BootstrapServers = "b-2.shipping.k3x9s1.c4.kafka.eu-west-1.amazonaws.com:9096",
        GroupId = "shipping-label-printer", // clean
        SaslPassword = password,
        SslKeyPassword = "Kst0re-Pa55!shp", // secret: MCV1003
    };
}
