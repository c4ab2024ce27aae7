using System.Diagnostics;
using Amazon.Lambda.Core;
using MatCarv.HealthEvents;
using MatCarv.Observability.Metrics;
using Microsoft.Extensions.Logging;

namespace MatCarv.Samples.AnalyzerShowcase;

/// <summary>MCV2001–MCV2006.</summary>
internal sealed class ObservabilityShowcase(ILogger<ObservabilityShowcase> logger, IMetrics metrics)
{
    private static readonly ActivitySource Source = new("MatCarv.Samples.AnalyzerShowcase");

    // MCV2001: a Lambda handler that starts no span.
    public static string HandleBatch(string[] inputs, ILambdaContext context) => string.Join(',', inputs) + context.AwsRequestId;

    // A handler that starts a span (its orphan activity is MCV2006 below).
    public string Handle(string input, ILambdaContext context)
    {
        // MCV2002: console output instead of ILogger.
        Console.WriteLine($"Handling {input} for {context.AwsRequestId}");

        // MCV2003: an interpolated log message template.
        logger.LogInformation($"Handled {input}");

        // MCV2004: a metric name built from data (one CloudWatch metric per customer), and a dynamic dimension key.
        metrics.AddMetric("Orders." + input, 1, MetricUnit.Count);
        metrics.AddDimension(input, "1");

        // MCV2006: a span that is started and never stopped.
        Source.StartActivity("Orphan");
        return input;
    }

    // MCV2005: an EventBridge source in the reserved aws. namespace.
    public static void Configure(HealthEventsOptions options) => options.Source = "aws.orders.health";
}
