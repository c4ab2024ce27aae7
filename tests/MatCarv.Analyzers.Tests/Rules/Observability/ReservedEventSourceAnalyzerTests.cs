using Verify = MatCarv.Analyzers.Tests.Infrastructure.AnalyzerVerifier<MatCarv.Analyzers.Rules.Observability.ReservedEventSourceAnalyzer>;

namespace MatCarv.Analyzers.Tests.Rules.Observability;

public class ReservedEventSourceAnalyzerTests
{
    [Fact]
    public Task Aws_prefixed_sources_are_reported() => Verify.VerifyAsync("""
        using MatCarv.HealthEvents;
        using Amazon.EventBridge.Model;
        class C
        {
            void M(HealthEventsOptions options)
            {
                options.Source = [|"aws.orders.health"|];
                var entry = new PutEventsRequestEntry { Source = [|"AWS.custom"|] };
            }
        }
        """);

    [Fact]
    public Task Organisation_sources_are_not_reported() => Verify.VerifyAsync("""
        using MatCarv.HealthEvents;
        class C
        {
            void M(HealthEventsOptions options, string configured)
            {
                options.Source = "com.shop.orders.health";
                options.Source = configured;
                options.EventBusName = "aws.reserved-looking-bus-name-is-fine";
            }
        }
        """);
}
