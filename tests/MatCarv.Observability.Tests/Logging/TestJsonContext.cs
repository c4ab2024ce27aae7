using System.Text.Json.Serialization;

namespace MatCarv.Observability.Tests.Logging;

public sealed record TestOrder(int Id, string Customer, string Password, TestAddress Address);

public sealed record TestAddress(string City, string ApiKey);

[JsonSerializable(typeof(TestOrder))]
internal sealed partial class TestJsonContext : JsonSerializerContext
{
}
