using Verify = MatCarv.Analyzers.Tests.Infrastructure.CodeFixVerifier<MatCarv.Analyzers.Rules.Observability.DynamicLogTemplateAnalyzer, MatCarv.Analyzers.CodeFixes.Rules.DynamicLogTemplateCodeFix>;

namespace MatCarv.Analyzers.Tests.CodeFixes;

public class DynamicLogTemplateCodeFixTests
{
    [Fact]
    public Task Interpolations_concatenations_and_formats_become_named_holes_one_by_one_and_with_fix_all() => Verify.VerifyAsync(
        """
        using Microsoft.Extensions.Logging;
        class Order { public string Id = ""; public decimal Total; }
        class C
        {
            private int _retries;
            void M(ILogger logger, Order order, string customer)
            {
                logger.LogInformation([|$"Order {order.Id} for {customer} costs {order.Total:F2} {{EUR}}"|]);
                logger.LogWarning([|"Retry " + _retries + " for " + customer|]);
                logger.LogError(new System.Exception(), [|string.Format("Order {0} failed after {1} tries", order.Id, _retries)|]);
                logger.LogDebug([|$"{customer} and {customer}"|]);
            }
        }
        """,
        """
        using Microsoft.Extensions.Logging;
        class Order { public string Id = ""; public decimal Total; }
        class C
        {
            private int _retries;
            void M(ILogger logger, Order order, string customer)
            {
                logger.LogInformation("Order {OrderId} for {Customer} costs {OrderTotal:F2} {{EUR}}", order.Id, customer, order.Total);
                logger.LogWarning("Retry {Retries} for {Customer}", _retries, customer);
                logger.LogError(new System.Exception(), "Order {OrderId} failed after {Retries} tries", order.Id, _retries);
                logger.LogDebug("{Customer} and {Customer2}", customer, customer);
            }
        }
        """);

    [Fact]
    public Task Reordered_format_holes_are_reported_but_not_rewritten() => Verify.VerifyAsync(
        """
        using Microsoft.Extensions.Logging;
        class C { void M(ILogger logger, string a, string b) => logger.LogInformation([|string.Format("{1} then {0}", a, b)|]); }
        """,
        """
        using Microsoft.Extensions.Logging;
        class C { void M(ILogger logger, string a, string b) => logger.LogInformation([|string.Format("{1} then {0}", a, b)|]); }
        """);
}
