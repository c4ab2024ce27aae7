using System.Diagnostics.Metrics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using MatCarv.Observability;
using MatCarv.Observability.Metrics;
using MatCarv.Observability.Tests.Metrics;
using Microsoft.Extensions.Options;
using OpenTelemetry;
using OpenTelemetry.Metrics;

namespace MatCarv.OpenTelemetry.Tests.Metrics;

/// <summary>
/// MatCarv's EMF exporter inside a real OpenTelemetry <c>MeterProvider</c>: real instruments, OpenTelemetry's own aggregation,
/// documents captured from the exporter's standard output and validated against the official EMF schema and CloudWatch's
/// rules (<see cref="EmfValidator"/>).
/// </summary>
public sealed class EmfExporterTests
{
    private static readonly Dictionary<string, string?> Environment = new() { ["POWERTOOLS_SERVICE_NAME"] = "orders" };

    [Fact]
    public void Counters_gauges_and_up_down_counters_become_valid_documents_grouped_by_dimensions()
    {
        using var meter = new Meter("Tests.OTel.Emf." + Guid.NewGuid().ToString("N"));
        var output = new CaptureStream();
        var requests = meter.CreateCounter<long>("requests", "{request}");
        var bytes = meter.CreateCounter<double>("payload", "By");
        var queue = meter.CreateUpDownCounter<int>("queue.depth", "{item}");
        meter.CreateObservableGauge("temperature", () => new Measurement<double>(21.5, new KeyValuePair<string, object?>("room", "a")), "Cel");

        using (var provider = Build(meter, output))
        {
            for (int i = 0; i < 10; i++)
            {
                requests.Add(1, new KeyValuePair<string, object?>("route", "/orders"), new KeyValuePair<string, object?>("status", i % 5 == 0 ? 500 : 200));
            }

            bytes.Add(512.5, new KeyValuePair<string, object?>("route", "/orders"), new KeyValuePair<string, object?>("status", 200));
            queue.Add(7);
            queue.Add(-2);
            Assert.True(provider.ForceFlush(10_000));

            var documents = Validated(output, 0);
            int seen = output.Lines().Count;
            var ok = Single(documents, "requests", ("route", "/orders"), ("status", "200"));
            Assert.Equal(8, ok.GetProperty("requests").GetDouble());
            Assert.Equal(512.5, ok.GetProperty("payload").GetDouble());
            Assert.Equal("Count", Unit(ok, "requests"));
            Assert.Equal("Bytes", Unit(ok, "payload"));
            Assert.Equal(new[] { "route", "service", "status" }, DimensionSet(ok));
            Assert.Equal("orders", ok.GetProperty("service").GetString());
            Assert.Equal(2, Single(documents, "requests", ("route", "/orders"), ("status", "500")).GetProperty("requests").GetDouble());
            var depth = Single(documents, "queue.depth");
            Assert.Equal(5, depth.GetProperty("queue.depth").GetDouble());
            Assert.Equal("Count", Unit(depth, "queue.depth"));
            var temperature = Single(documents, "temperature", ("room", "a"));
            Assert.Equal(21.5, temperature.GetProperty("temperature").GetDouble());
            Assert.Equal("None", Unit(temperature, "temperature"));

            // Delta temporality: the next interval carries only what was recorded in it; the up-down counter keeps its level.
            requests.Add(3, new KeyValuePair<string, object?>("route", "/orders"), new KeyValuePair<string, object?>("status", 200));
            Assert.True(provider.ForceFlush(10_000));
            documents = Validated(output, seen);
            Assert.Equal(3, Single(documents, "requests", ("route", "/orders"), ("status", "200")).GetProperty("requests").GetDouble());
            Assert.DoesNotContain(documents, d => d.TryGetProperty("requests", out _) && d.GetProperty("status").GetString() == "500");
            Assert.Equal(5, Single(documents, "queue.depth").GetProperty("queue.depth").GetDouble());
        }
    }

    [Fact]
    public void An_explicit_bucket_histogram_keeps_its_exact_count_sum_min_and_max()
    {
        using var meter = new Meter("Tests.OTel.Emf." + Guid.NewGuid().ToString("N"));
        var output = new CaptureStream();
        var duration = meter.CreateHistogram<double>("http.server.request.duration", "ms");
        var random = new Random(7);
        var values = new List<double>();
        for (int i = 0; i < 5000; i++)
        {
            // Log-normal around 40 ms, a few outliers beyond the last default bound (10 s).
            double value = i % 1000 == 999 ? 12_000 + i : Math.Exp(3.7 + (random.NextDouble() * 2) - 1);
            values.Add(value);
        }

        using (var provider = Build(meter, output))
        {
            foreach (double value in values)
            {
                duration.Record(value, new KeyValuePair<string, object?>("http.route", "/orders/{id}"));
            }

            Assert.True(provider.ForceFlush(10_000));
        }

        var documents = Validated(output, 0);
        Assert.All(documents, d => Assert.Equal("Milliseconds", Unit(d, "http.server.request.duration")));
        var written = EmfStatistics.Of(documents, "http.server.request.duration");
        Assert.Equal(values.Count, written.Count);
        Assert.Equal(values.Min(), written.Min);
        Assert.Equal(values.Max(), written.Max);
        Assert.Equal(values.Sum(), written.Sum, values.Sum() * 1e-9);

        // Each document's distribution lies inside OpenTelemetry's buckets: the median is in the bucket holding the true median.
        var sorted = values.Order().ToArray();
        double[] bounds = [0, 5, 10, 25, 50, 75, 100, 250, 500, 750, 1000, 2500, 5000, 7500, 10000];
        double median = EmfStatistics.Quantile(EmfStatistics.Points(documents, "http.server.request.duration"), 0.5);
        double trueMedian = EmfStatistics.Quantile(sorted, 0.5);
        Assert.Equal(Array.FindIndex(bounds, b => trueMedian <= b), Array.FindIndex(bounds, b => median <= b));
    }

    [Fact]
    public void An_exponential_histogram_is_written_within_its_bucket_resolution()
    {
        using var meter = new Meter("Tests.OTel.Emf." + Guid.NewGuid().ToString("N"));
        var output = new CaptureStream();
        var latency = meter.CreateHistogram<double>("db.latency", "s");
        var values = new List<double> { 0 };
        for (int i = 1; i <= 2000; i++)
        {
            values.Add(i / 1000.0);
        }

        using (var provider = Sdk.CreateMeterProviderBuilder()
            .AddMeter(meter.Name)
            .AddView(latency.Name, new Base2ExponentialBucketHistogramConfiguration { MaxSize = 160 })
            .AddMatCarvEmfExporter(m => m.Namespace = "Checkout", s =>
            {
                s.EnvironmentVariables = Environment;
                s.Output = output;
            })
            .Build()!)
        {
            foreach (double value in values)
            {
                latency.Record(value);
            }

            Assert.True(provider.ForceFlush(10_000));
        }

        var documents = Validated(output, 0);
        Assert.All(documents, d => Assert.Equal("Checkout", d.GetProperty("_aws").GetProperty("CloudWatchMetrics")[0].GetProperty("Namespace").GetString()));
        var written = EmfStatistics.Of(documents, "db.latency");
        Assert.Equal(values.Count, written.Count);
        Assert.Equal(0, written.Min);
        Assert.Equal(2, written.Max);
        Assert.Equal(values.Sum(), written.Sum, 1e-6);

        // 160 buckets over [0.001, 2] give a scale of at least 3 (bucket width ≤ 2^(1/8) − 1 ≈ 9 %): the 90th percentile is
        // within that of the exact one.
        double p90 = EmfStatistics.Quantile(EmfStatistics.Points(documents, "db.latency"), 0.9);
        Assert.InRange(p90, 1.8 / 1.1, 1.8 * 1.1);
    }

    [Fact]
    public void Bad_points_are_dropped_and_counted_never_thrown()
    {
        var output = new CaptureStream();
        using var exporter = new EmfMetricExporter(new MatCarvObservabilityOptions { EnvironmentVariables = Environment, Output = output });
        var tooMany = Enumerable.Range(0, 30).Select(i => new KeyValuePair<string, object?>("k" + i, "v")).ToArray();
        KeyValuePair<string, object?>[] none = [];
        exporter.AddValue("good", "1", isCount: true, none, 1);
        exporter.AddValue("dimensions", "1", isCount: true, tooMany, 1);
        exporter.AddValue("nan", "1", isCount: true, none, double.NaN);
        exporter.AddValue(string.Empty, "1", isCount: true, none, 1);

        // An open first bucket and an open last bucket without min/max: 3 + 4 values cannot be placed; 5 can.
        exporter.AddDistribution("open", "ms", none, [double.NegativeInfinity, 0, 10], [0, 10, double.PositiveInfinity], [3, 5, 4], 12, 60, double.NaN, double.NaN);
        Assert.Equal(1, exporter.Write(DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_000)));
        Assert.True(exporter.Flush(TimeSpan.FromSeconds(10)));

        Assert.Equal(1, exporter.GetDropCount("too_many_dimensions"));
        Assert.Equal(1 + 7, exporter.GetDropCount("invalid_value"));
        Assert.Equal(1, exporter.GetDropCount("invalid_name"));
        var documents = Validated(output, 0);

        // Each drop reason is also announced on stdout, once, as the SDK's own metrics announce theirs.
        var warnings = output.Lines().Where(line => line.Contains("\"signal\":\"metrics\"", StringComparison.Ordinal)).ToList();
        Assert.Contains(warnings, w => w.Contains("\"reason\":\"too_many_dimensions\"", StringComparison.Ordinal));
        Assert.Contains(warnings, w => w.Contains("\"reason\":\"invalid_value\"", StringComparison.Ordinal));
        Assert.Equal(1, Single(documents, "good").GetProperty("good").GetDouble());
        Assert.Equal(1_700_000_000_000, Single(documents, "good").GetProperty("_aws").GetProperty("Timestamp").GetInt64());
        var open = EmfStatistics.Of(documents, "open");
        Assert.Equal(5, open.Count);
        Assert.InRange(open.Min, 0, 10);
        Assert.InRange(open.Max, open.Min, 10);
        Assert.Throws<ArgumentException>(() => exporter.AddDistribution("x", null, none, [0], [1, 2], [1], 1, 1, 1, 1));
    }

    [Fact]
    public async Task Documents_reach_the_CloudWatch_agent_over_UDP_with_the_log_group()
    {
        using var meter = new Meter("Tests.OTel.Emf." + Guid.NewGuid().ToString("N"));
        using var agent = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        int port = ((IPEndPoint)agent.Client.LocalEndPoint!).Port;
        var orders = meter.CreateCounter<long>("orders");
        var size = meter.CreateHistogram<long>("order.size", "{item}");
        using (var provider = Sdk.CreateMeterProviderBuilder()
            .AddMeter(meter.Name)
            .AddMatCarvEmfExporter(
                m =>
                {
                    m.Destination = MetricsDestination.Agent;
                    m.AgentEndpoint = "udp://127.0.0.1:" + port;
                    m.LogGroupName = "orders-metrics";
                },
                s => s.EnvironmentVariables = Environment)
            .Build()!)
        {
            for (int i = 1; i <= 100; i++)
            {
                orders.Add(1, new KeyValuePair<string, object?>("region", i % 2 == 0 ? "eu" : "us"));
                size.Record(i, new KeyValuePair<string, object?>("region", "eu"));
            }

            Assert.True(provider.ForceFlush(10_000));
        }

        // One datagram per document, each a newline-terminated EMF document with the log group the agent routes by.
        var documents = new List<JsonElement>();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (documents.Count < 2)
        {
            var datagram = await agent.ReceiveAsync(timeout.Token);
            string text = Encoding.UTF8.GetString(datagram.Buffer);
            Assert.EndsWith("\n", text, StringComparison.Ordinal);
            documents.Add(EmfValidator.AssertValid(text.TrimEnd('\n'), requireLogGroup: true));
        }

        Assert.All(documents, d => Assert.Equal("orders-metrics", d.GetProperty("_aws").GetProperty("LogGroupName").GetString()));
        var eu = Single(documents, "orders", ("region", "eu"));
        Assert.Equal(50, eu.GetProperty("orders").GetDouble());
        var written = EmfStatistics.Of([eu], "order.size");
        Assert.Equal(100, written.Count);
        Assert.Equal(5050, written.Sum, 1e-9);
        Assert.Equal((1.0, 100.0), (written.Min, written.Max));
        Assert.Equal(50, Single(documents, "orders", ("region", "us")).GetProperty("orders").GetDouble());
    }

    [Fact]
    public void Invalid_settings_throw_when_the_provider_is_built_naming_the_setting()
    {
        var builder = Sdk.CreateMeterProviderBuilder().AddMatCarvEmfExporter(m => m.Namespace = "AWS/Lambda", s => s.EnvironmentVariables = Environment);
        var error = Assert.Throws<OptionsValidationException>(() => builder.Build());
        Assert.Contains("MatCarvMetricsOptions.Namespace", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Invalid_shared_settings_throw_when_the_provider_is_built_naming_the_setting()
    {
        var builder = Sdk.CreateMeterProviderBuilder().AddMatCarvEmfExporter(configureShared: s =>
        {
            s.EnvironmentVariables = Environment;
            s.MaxBufferedOutputBytes = 1024;
        });
        var error = Assert.Throws<OptionsValidationException>(() => builder.Build());
        Assert.Contains("MatCarv:MaxBufferedOutputBytes", error.Message, StringComparison.Ordinal);
    }

    private static MeterProvider Build(Meter meter, Stream output) =>
        Sdk.CreateMeterProviderBuilder()
            .AddMeter(meter.Name)
            .AddMatCarvEmfExporter(configureShared: s =>
            {
                s.EnvironmentVariables = Environment;
                s.Output = output;
            })
            .Build()!;

    /// <summary>The EMF documents written after the first <paramref name="skip"/> lines (SDK warnings share stdout), each validated.</summary>
    private static List<JsonElement> Validated(CaptureStream output, int skip)
    {
        var lines = output.Lines().Skip(skip).Where(line => line.Contains("\"_aws\"", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(lines);
        return [.. lines.Select(line => EmfValidator.AssertValid(line))];
    }

    private static JsonElement Single(List<JsonElement> documents, string metric, params (string Key, string Value)[] dimensions) =>
        Assert.Single(documents, d => d.TryGetProperty(metric, out _)
            && dimensions.All(p => d.TryGetProperty(p.Key, out var v) && v.GetString() == p.Value));

    private static string? Unit(JsonElement document, string metric)
    {
        foreach (var definition in document.GetProperty("_aws").GetProperty("CloudWatchMetrics")[0].GetProperty("Metrics").EnumerateArray())
        {
            if (definition.GetProperty("Name").GetString() == metric)
            {
                return definition.TryGetProperty("Unit", out var unit) ? unit.GetString() : null;
            }
        }

        return null;
    }

    private static string[] DimensionSet(JsonElement document) =>
        [.. document.GetProperty("_aws").GetProperty("CloudWatchMetrics")[0].GetProperty("Dimensions")[0].EnumerateArray().Select(k => k.GetString()!).Order(StringComparer.Ordinal)];
}
