using System.Diagnostics;
using System.Diagnostics.Metrics;
using Amazon.Lambda.Core;
using MatCarv.HealthEvents;
using MatCarv.Observability.Lambda;
using MatCarv.Observability.Logging;
using MatCarv.Observability.Metrics;
using MatCarv.Samples.LambdaFunction.Orders;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;

namespace MatCarv.Samples.LambdaFunction;

/// <summary>
/// A Lambda function that places orders. Everything it emits goes through .NET's own abstractions (ILogger, Meter,
/// ActivitySource) plus MatCarv's Powertools-style metrics and tracer; the one line of setup is <see cref="Telemetry"/>.
/// </summary>
public sealed class OrderFunction
{
    /// <summary>The name of the function's own ActivitySource and Meter.</summary>
    public const string TelemetryName = "MatCarv.Samples.Orders";

    // Created once per process (Lambda init): configuration errors fail here, before the first invocation.
    private static readonly MatCarvLambda Telemetry = MatCarvLambda.Create(
        configure: null,
        signals: builder => builder
            .WithLogging(logging => logging.Buffering.Enabled = true)
            .WithMetrics(metrics =>
            {
                metrics.Namespace = "MatCarvSamples";
                metrics.Meters.Add(TelemetryName);
            })
            .WithTracing(tracing => tracing.Sources.Add(TelemetryName))
            .WithHealthEvents(health => health.Source = "com.matcarv.samples.orders"));

    private static readonly ActivitySource Source = new(TelemetryName);
    private static readonly Meter Meter = new(TelemetryName);
    private static readonly Counter<long> ItemsOrdered = Meter.CreateCounter<long>("orders.items", unit: "{item}", description: "Items ordered.");
    private static readonly Histogram<double> PaymentLatency = Meter.CreateHistogram<double>("orders.payment.latency", unit: "ms", description: "Payment provider latency.");

    private readonly ILogger<OrderFunction> _logger = Telemetry.CreateLogger<OrderFunction>();
    private readonly IHealthEventPublisher _health = Telemetry.Services.GetRequiredService<IHealthEventPublisher>();

    /// <summary>
    /// Shuts the telemetry down at the end of the process: flushes every signal within
    /// <c>MatCarvObservabilityOptions.ShutdownFlushTimeout</c> (health events still being retried get all of it). In Lambda,
    /// call it from a SIGTERM handler (sent when an extension is registered); the local loop calls it before exiting.
    /// </summary>
    /// <returns>A task that completes when everything was flushed or the deadline passed.</returns>
    public static ValueTask ShutdownAsync() => Telemetry.DisposeAsync();

    /// <summary>The Lambda handler.</summary>
    /// <param name="request">The order.</param>
    /// <param name="context">The Lambda context.</param>
    /// <returns>The outcome.</returns>
    public Task<OrderResponse> HandleAsync(OrderRequest request, ILambdaContext context) =>
        Telemetry.RunAsync(
            // The one-line mapping from ILambdaContext: TraceId keeps concurrent invocations on their own traces.
            new LambdaInvocation(context.AwsRequestId, context.InvokedFunctionArn)
            {
                RemainingTime = context.RemainingTime,
                TraceHeader = context.TraceId,
                CorrelationId = request.OrderId,
            },
            async _ =>
            {
                // On every following line of this invocation (and only this one).
                LogContext.AppendKey("channel", request.Channel);

                // Debug lines are buffered for the invocation and written only if an error follows.
                _logger.LogDebug("Validating order {OrderId} with {ItemCount} items", request.OrderId, request.Items);
                using (var validation = Telemetry.Tracer.StartSpan("ValidateOrder"))
                {
                    validation.AddAnnotation("order_id", request.OrderId).AddAnnotation("items", request.Items);
                    if (request.Items <= 0)
                    {
                        throw new ArgumentOutOfRangeException(nameof(request), request.Items, "An order needs at least one item.");
                    }
                }

                await ChargeAsync(request);

                Telemetry.Metrics.AddMetric("OrdersPlaced", 1, MetricUnit.Count);
                Telemetry.Metrics.AddMetric("OrderAmount", request.Amount, MetricUnit.None, MetricResolution.High);
                ItemsOrdered.Add(request.Items, new KeyValuePair<string, object?>("channel", request.Channel));

                // The zero-allocation interpolated path: names come from the expressions, values stay typed.
                var customer = request.Customer;
                var items = request.Items;
                _logger.Info($"Order placed for {customer} with {items} items");
                _logger.LogInformation("Order {OrderId} placed: {Amount} total via {Channel}", request.OrderId, request.Amount, request.Channel);
                ReportHealth(HealthStatus.Healthy, "Payments are flowing again");
                return new OrderResponse(request.OrderId, "placed");
            });

    private async Task ChargeAsync(OrderRequest request)
    {
        using var activity = Source.StartActivity("ChargePayment", ActivityKind.Client);
        activity?.SetTag("payment.provider", "acme-pay");
        var started = Stopwatch.GetTimestamp();
        await Task.Delay(request.FailPayment ? 25 : 5);
        PaymentLatency.Record(Stopwatch.GetElapsedTime(started).TotalMilliseconds, new KeyValuePair<string, object?>("channel", request.Channel));
        if (request.FailPayment)
        {
            var error = new PaymentDeclinedException($"Payment provider timed out for order {request.OrderId}");
            activity?.SetStatus(ActivityStatusCode.Error, error.Message);
            activity?.AddException(error);
            _logger.LogError(error, "Payment failed for order {OrderId}", request.OrderId);
            Telemetry.Metrics.AddMetric("PaymentFailures", 1, MetricUnit.Count);
            ReportHealth(HealthStatus.Unhealthy, "Payment provider timed out");
            throw error;
        }
    }

    // Health events go out on transitions only: the first unhealthy invocation, then the first healthy one after it.
    private void ReportHealth(HealthStatus status, string reason)
    {
        if (_health.LastStatus != status && (_health.LastStatus is not null || status != HealthStatus.Healthy))
        {
            _health.TryPublish(new HealthEvent(status, reason));
        }
    }
}
