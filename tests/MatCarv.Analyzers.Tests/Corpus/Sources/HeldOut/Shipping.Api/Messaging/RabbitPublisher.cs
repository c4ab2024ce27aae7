using RabbitMQ.Client;

namespace Shipping.Api.Messaging;

public sealed class RabbitPublisher
{
    private static readonly Uri BrokerUri = new("amqps://shipping-events:Rb7!qWm2xLp9@b-4f3e2d1c.mq.eu-west-1.amazonaws.com:5671/shipping"); // secret(broker-uri): MCV1004

    private static readonly Uri LocalBroker = new("amqp://guest:guest@localhost:5672/"); // clean -- RabbitMQ's default local credentials

    public static ConnectionFactory Production() => new()
    {
        HostName = "b-4f3e2d1c.mq.eu-west-1.amazonaws.com", // clean
        Port = 5671,
        UserName = "shipping-events",
        Password = "Rb7!qWm2xLp9-standby", // secret: MCV1003
        VirtualHost = "shipping",
        Ssl = { Enabled = true, ServerName = "b-4f3e2d1c.mq.eu-west-1.amazonaws.com" },
    };

    public static ConnectionFactory FromUri() => new() { Uri = BrokerUri }; // same(broker-uri)

    public static ConnectionFactory Local() => new() { Uri = LocalBroker, ClientProvidedName = "shipping-api-dev" }; // clean

    public static ConnectionFactory Containerised() => new()
    {
        HostName = "rabbitmq", // clean -- docker compose service name
        UserName = "shipping",
        Password = "shipping-dev", // clean -- container-local broker (compose service 'rabbitmq')
    };

    public static async Task PublishAsync(ConnectionFactory factory, ReadOnlyMemory<byte> body)
    {
        await using var connection = await factory.CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync();
        await channel.BasicPublishAsync(exchange: "shipping.events", routingKey: "label.printed", body: body); // clean
    }
}
