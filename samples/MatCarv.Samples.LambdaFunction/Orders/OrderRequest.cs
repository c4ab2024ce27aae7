namespace MatCarv.Samples.LambdaFunction.Orders;

/// <summary>The event the function handles.</summary>
/// <param name="OrderId">The order id (also the correlation id of the invocation's logs).</param>
/// <param name="Customer">The customer.</param>
/// <param name="Items">How many items are ordered.</param>
/// <param name="Amount">The order total.</param>
/// <param name="Channel">Where the order came from (a bounded set: web, mobile, partner).</param>
/// <param name="FailPayment">Simulates the payment provider timing out.</param>
public sealed record OrderRequest(string OrderId, string Customer, int Items, double Amount, string Channel, bool FailPayment = false);
