using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using Verify = MatCarv.Analyzers.Tests.Infrastructure.AnalyzerVerifier<MatCarv.Analyzers.Rules.Observability.EmfMisuseAnalyzer>;

namespace MatCarv.Analyzers.Tests.Rules.Observability;

public class EmfMisuseAnalyzerTests
{
    [Fact]
    public Task Dynamic_names_and_keys_and_undefined_units_are_reported() => Verify.VerifyAsync("""
        using System.Collections.Generic;
        using MatCarv.Observability.Metrics;
        class C
        {
            void M(IMetrics metrics, string customerId, string tenant)
            {
                metrics.AddMetric([|"Orders-" + customerId|], 1, MetricUnit.Count);
                metrics.AddMetric([|$"Latency.{tenant}"|], 12.5, MetricUnit.Milliseconds);
                metrics.AddDimension([|tenant|], "x");
                metrics.AddMetric("Orders", 1, [|(MetricUnit)99|]);
                metrics.AddMetric("Orders", 1, MetricUnit.Count, MetricResolution.Standard, [new([|tenant|], "v")]);
                metrics.PushSingleMetric("Refunds", 1, MetricUnit.Count, MetricResolution.High, new Dictionary<string, string> { { [|customerId|], "v" } });
            }
        }
        """);

    [Fact]
    public Task Constants_static_readonly_names_and_dimension_values_are_not_reported() => Verify.VerifyAsync("""
        using MatCarv.Observability.Metrics;
        static class Names { public const string Orders = "Orders"; public static readonly string Refunds = "Refunds"; }
        class C
        {
            void M(IMetrics metrics, string tenant, double value)
            {
                metrics.AddMetric(Names.Orders, value, MetricUnit.Count);
                metrics.AddMetric(Names.Refunds, value);
                metrics.AddMetric(nameof(M), value, MetricUnit.Seconds);
                metrics.AddDimension("tenant", tenant);
                metrics.AddMetadata($"order-{tenant}", tenant);
                metrics.AddMetric("Orders", 1, MetricUnit.Count, MetricResolution.Standard, [new("tenant", tenant)]);
            }
        }
        """);

    [Fact]
    public Task More_than_30_dimensions_in_one_call_are_reported()
    {
        var pairs = string.Join(", ", Enumerable.Range(0, 31).Select(i => $"new(\"d{i}\", \"v\")"));
        return Verify.VerifyAsync(
            $$"""
            using MatCarv.Observability.Metrics;
            class C
            {
                void M(IMetrics metrics) => metrics.AddMetric("Orders", 1, MetricUnit.Count, MetricResolution.Standard, {|#0:[{{pairs}}]|});
            }
            """,
            new DiagnosticResult("MCV2004", DiagnosticSeverity.Warning).WithLocation(0).WithArguments("31 dimensions: CloudWatch accepts at most 30 per metric"));
    }

    [Fact]
    public Task Meter_instruments_with_dynamic_names_or_unknown_units_are_reported() => Verify.VerifyAsync("""
        using System.Diagnostics.Metrics;
        class C
        {
            void M(Meter meter, string route)
            {
                meter.CreateCounter<long>([|"requests." + route|]);
                meter.CreateHistogram<double>("latency", unit: [|"msec"|]);
                meter.CreateHistogram<double>("duration", unit: "ms");
                meter.CreateCounter<long>("orders", unit: "{order}");
            }
        }
        """);
}
