namespace MatCarv.Samples.LambdaFunction.Orders;

/// <summary>What the function returns.</summary>
/// <param name="OrderId">The order id.</param>
/// <param name="Status">The outcome.</param>
public sealed record OrderResponse(string OrderId, string Status);
