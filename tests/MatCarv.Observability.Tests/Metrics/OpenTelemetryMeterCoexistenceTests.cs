using System.Diagnostics.Metrics;
using OpenTelemetry;
using OpenTelemetry.Metrics;

namespace MatCarv.Observability.Tests.Metrics;

/// <summary>A real OpenTelemetry <c>MeterProvider</c> and our EMF pipeline collecting the same meter in one process.</summary>
public sealed class OpenTelemetryMeterCoexistenceTests : IDisposable
{
    private readonly Meter _meter = new("MatCarv.Tests.Shared." + Guid.NewGuid().ToString("N"));

    public void Dispose() => _meter.Dispose();

    [Fact]
    public void Both_listeners_see_each_measurement_once_and_the_shared_meter_is_announced()
    {
        var exported = new SumExporter();
        using var otel = Sdk.CreateMeterProviderBuilder().AddMeter(_meter.Name).AddReader(new BaseExportingMetricReader(exported)).Build()!;
        using var harness = MetricsHarness.Local(o => o.Meters.Add(_meter.Name));
        var counter = _meter.CreateCounter<long>("orders");
        for (int i = 0; i < 10; i++)
        {
            counter.Add(1);
        }

        // EMF: one document, the sum written once (not doubled by the other listener).
        var documents = harness.FlushAndRead();
        Assert.Equal(10, MetricsHarness.Sum(documents, "orders"));
        Assert.Single(documents);

        // OpenTelemetry: its own sum, also once.
        otel.ForceFlush();
        Assert.Equal(10, exported.Sums["orders"]);

        var warning = Assert.Single(harness.Lines(), l => l.Contains("\"reason\":\"shared_meter\"", StringComparison.Ordinal));
        Assert.Contains(_meter.Name, warning, StringComparison.Ordinal);
    }

    [Fact]
    public void A_meter_given_to_one_side_only_is_not_announced()
    {
        using var other = new Meter(_meter.Name + ".Otel");
        using var otel = Sdk.CreateMeterProviderBuilder().AddMeter(other.Name).AddReader(new BaseExportingMetricReader(new SumExporter())).Build()!;
        using var harness = MetricsHarness.Local(o => o.Meters.Add(_meter.Name));
        _meter.CreateCounter<long>("orders").Add(1);
        other.CreateCounter<long>("orders").Add(1);

        Assert.Equal(1, MetricsHarness.Sum(harness.FlushAndRead(), "orders"));
        Assert.DoesNotContain(harness.Lines(), l => l.Contains("shared_meter", StringComparison.Ordinal));
    }

    private sealed class SumExporter : BaseExporter<Metric>
    {
        public Dictionary<string, long> Sums { get; } = new();

        public override ExportResult Export(in Batch<Metric> batch)
        {
            foreach (var metric in batch)
            {
                foreach (ref readonly var point in metric.GetMetricPoints())
                {
                    Sums[metric.Name] = Sums.GetValueOrDefault(metric.Name) + point.GetSumLong();
                }
            }

            return ExportResult.Success;
        }
    }
}
