using Verify = MatCarv.Analyzers.Tests.Infrastructure.AnalyzerVerifier<MatCarv.Analyzers.Rules.Observability.DynamicLogTemplateAnalyzer>;

namespace MatCarv.Analyzers.Tests.Rules.Observability;

public class DynamicLogTemplateAnalyzerTests
{
    [Fact]
    public Task Interpolated_concatenated_and_formatted_templates_are_reported() => Verify.VerifyAsync("""
        using Microsoft.Extensions.Logging;
        class C
        {
            void M(ILogger logger, string id, int count)
            {
                logger.LogInformation([|$"Order {id} has {count} items"|]);
                logger.LogWarning([|"Order " + id + " is late"|]);
                logger.LogError(new System.Exception(), [|string.Format("Order {0} failed", id)|]);
                using var scope = logger.BeginScope([|$"Order {id}"|]);
            }
        }
        """);

    [Fact]
    public Task Constant_templates_are_not_reported() => Verify.VerifyAsync("""
        using Microsoft.Extensions.Logging;
        class C
        {
            const string Prefix = "Orders: ";
            void M(ILogger logger, string id)
            {
                logger.LogInformation("Order {OrderId} placed", id);
                logger.LogInformation(Prefix + "started");
                logger.LogInformation($"{Prefix}stopped");
                logger.LogDebug("plain");
            }
        }
        """);
}
