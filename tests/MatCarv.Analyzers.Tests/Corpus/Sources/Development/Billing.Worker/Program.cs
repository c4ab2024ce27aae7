using Amazon.S3;
using Billing.Worker;
using Confluent.Kafka;
using Microsoft.Extensions.Hosting;
using Npgsql;

// Worker host: invoice projections from Kafka into the reporting database.
var builder = Host.CreateApplicationBuilder(args);

const string ReportingDbPassword = "R3porting-Pr0j!42"; // secret(reporting-pw): MCV1003
const string SchemaRegistryUser = "billing-projector"; // clean
var schemaRegistrySecret = Environment.GetEnvironmentVariable("SCHEMA_REGISTRY_SECRET") ?? "P3I8ifWWr8IUTw2F+yeD4tCnr/IIJBvgKqT3SpMmirk="; // secret: MCV1005, MCV1003|MCV1005
var kafkaPassword = Environment.GetEnvironmentVariable("KAFKA_SASL_PASSWORD"); // secret: MCV1005
var kafkaUser = Environment.GetEnvironmentVariable("KAFKA_SASL_USERNAME") ?? "billing-projector"; // clean
var groupId = builder.Configuration["Kafka:GroupId"] ?? "billing-projector"; // clean
var slackToken = builder.Configuration["Slack:BotToken"] ?? "xoxb-16006840046-2086208582175-J9jhyNGZpXGYxhAwtLdEHOBR"; // secret: MCV1002|MCV1005

var reporting = new NpgsqlConnectionStringBuilder
{
    Host = "reporting.internal.example-corp.net", // clean
    Username = "projector",
    Password = ReportingDbPassword, // same(reporting-pw)
    Database = "reporting",
};
builder.Services.AddSingleton(NpgsqlDataSource.Create(reporting.ConnectionString));

builder.Services.AddSingleton(_ => new ConsumerBuilder<string, string>(new ConsumerConfig
{
    BootstrapServers = "kafka-1.internal.example-corp.net:9093", // clean
    GroupId = groupId,
    SecurityProtocol = SecurityProtocol.SaslSsl,
    SaslMechanism = SaslMechanism.ScramSha512,
    SaslUsername = kafkaUser,
    SaslPassword = kafkaPassword ?? "Kafka-Pr0j!Fallback", // secret: MCV1003|MCV1005
}).Build());

builder.Services.AddSingleton(new AmazonS3Client(Amazon.RegionEndpoint.EUCentral1)); // clean
builder.Services.AddSingleton(new DunningOptions { SmtpPassword = "Dunn!ng-Override-9" }); // secret: MCV1003
builder.Services.AddHostedService<DunningWorker>();

var localOverrides = new Dictionary<string, string?>
{
    ["ConnectionStrings:Reporting"] = "Host=localhost;Username=postgres;Password=postgres;Database=reporting", // clean
    ["Kafka:BootstrapServers"] = "localhost:9092", // clean
    ["Slack:BotToken"] = "xoxb-local-placeholder", // clean -- placeholder
    ["Slack:SigningSecret"] = "227c5d64bdfc4f8842758c73d78e5875", // secret: MCV1003
    ["SchemaRegistry:User"] = SchemaRegistryUser, // clean
};
builder.Configuration.AddInMemoryCollection(localOverrides);

using var host = builder.Build();
Console.WriteLine($"projector starting ({schemaRegistrySecret.Length}, {slackToken.Length})");
await host.RunAsync();
