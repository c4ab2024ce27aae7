using System.Text.Json;
using MatCarv.Observability.Metrics;

namespace MatCarv.Observability.Tests.Metrics;

public sealed class EmfDocumentTests
{
    private static JsonElement Reference(int index)
    {
        var lines = File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "specs", "reference", "powertools-metrics.jsonl"));
        return JsonDocument.Parse(lines[index]).RootElement.Clone();
    }

    private static SortedSet<string> RootKeys(JsonElement document) => new(document.EnumerateObject().Select(p => p.Name), StringComparer.Ordinal);

    [Fact]
    public void Reference_documents_of_powertools_pass_the_validator()
    {
        // The validator itself must accept what Powertools TypeScript emits, or the other tests prove nothing.
        foreach (var file in new[] { "powertools-metrics.jsonl", "aws-embedded-metrics.jsonl" })
        {
            foreach (var line in File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "specs", "reference", file)))
            {
                EmfValidator.AssertValid(line);
            }
        }
    }

    [Fact]
    public void Validator_rejects_documents_that_break_the_semantic_rules()
    {
        Assert.NotEmpty(EmfValidator.Validate("""{"_aws":{"Timestamp":1795721512702,"CloudWatchMetrics":[{"Namespace":"N","Dimensions":[["d"]],"Metrics":[{"Name":"m"}]}]},"m":1}""", false, out _));
        Assert.NotEmpty(EmfValidator.Validate("""{"_aws":{"Timestamp":1795721512702,"CloudWatchMetrics":[{"Namespace":"N","Dimensions":[[]],"Metrics":[{"Name":"m","StorageResolution":5}]}]},"m":1}""", false, out _));
        Assert.Contains(EmfValidator.Validate("""{"_aws":{"Timestamp":1795721512702,"CloudWatchMetrics":[{"Namespace":"N","Dimensions":[[]],"Metrics":[{"Name":"m","Unit":"Parsecs"}]}]},"m":1}""", false, out _), e => e.StartsWith("schema", StringComparison.Ordinal));
        Assert.Contains(EmfValidator.Validate("""{"_aws":{"Timestamp":1795721512702,"CloudWatchMetrics":[{"Namespace":"","Dimensions":[[]],"Metrics":[{"Name":"m"}]}]},"m":1}""", false, out _), e => e.StartsWith("schema", StringComparison.Ordinal));
        Assert.NotEmpty(EmfValidator.Validate("""{"_aws":{"Timestamp":1795721512702,"CloudWatchMetrics":[{"Namespace":"N","Dimensions":[[]],"Metrics":[{"Name":"m"}]}]},"m":"x"}""", false, out _));
        var many = string.Join(',', Enumerable.Range(0, 101));
        Assert.NotEmpty(EmfValidator.Validate($$"""{"_aws":{"Timestamp":1795721512702,"CloudWatchMetrics":[{"Namespace":"N","Dimensions":[[]],"Metrics":[{"Name":"m"}]}]},"m":[{{many}}]}""", false, out _));
        Assert.NotEmpty(EmfValidator.Validate("""{"_aws":{"Timestamp":1795721512702,"CloudWatchMetrics":[{"Namespace":"N","Dimensions":[[]],"Metrics":[{"Name":"m"}]}]},"m":1}""", true, out _));
    }

    [Fact]
    public void AddMetric_writes_the_shape_powertools_typescript_writes()
    {
        using var harness = MetricsHarness.Lambda(o => o.DefaultDimensions["environment"] = "test");
        harness.Metrics.AddDimension("operation", "put");
        harness.Metrics.AddMetric("Orders", 1, MetricUnit.Count);
        harness.Metrics.AddMetric("Orders", 2, MetricUnit.Count);
        harness.Metrics.AddMetric("Latency", 12.5, MetricUnit.Milliseconds, MetricResolution.High);
        harness.Metrics.AddMetric("PayloadSize", 2048, MetricUnit.Bytes);
        harness.Metrics.AddMetadata("requestId", "c6af9ac6-7b61-11e6-9a41-93e812345678");

        var document = Assert.Single(harness.FlushAndRead());
        var reference = Reference(1);
        Assert.Equal(RootKeys(reference), RootKeys(document));
        Assert.Equal("HarnessApp", document.GetProperty("_aws").GetProperty("CloudWatchMetrics")[0].GetProperty("Namespace").GetString());
        Assert.Equal(
            EmfValidator.DimensionSets(reference).Select(s => string.Join(',', s.Order(StringComparer.Ordinal))),
            EmfValidator.DimensionSets(document).Select(s => string.Join(',', s.Order(StringComparer.Ordinal))));
        var expectedMetrics = reference.GetProperty("_aws").GetProperty("CloudWatchMetrics")[0].GetProperty("Metrics").EnumerateArray().Select(m => m.GetRawText()).Order();
        var actualMetrics = document.GetProperty("_aws").GetProperty("CloudWatchMetrics")[0].GetProperty("Metrics").EnumerateArray().Select(m => m.GetRawText()).Order();
        Assert.Equal(expectedMetrics, actualMetrics);
        foreach (var key in new[] { "service", "environment", "operation", "requestId", "Orders", "Latency", "PayloadSize" })
        {
            Assert.Equal(reference.GetProperty(key).GetRawText(), document.GetProperty(key).GetRawText());
        }

        Assert.Equal(harness.Time.GetUtcNow().ToUnixTimeMilliseconds(), document.GetProperty("_aws").GetProperty("Timestamp").GetInt64());
    }

    [Fact]
    public void PushSingleMetric_writes_its_own_document_like_powertools_single_metric()
    {
        using var harness = MetricsHarness.Lambda(o => o.DefaultDimensions["environment"] = "test");
        harness.Metrics.AddMetric("Other", 1, MetricUnit.Count);
        harness.Metrics.PushSingleMetric("SingleThing", 99.5, MetricUnit.Percent, dimensions: [new("kind", "single")]);

        var pushed = Assert.Single(harness.Read());
        var reference = Reference(2);
        Assert.Equal(RootKeys(reference), RootKeys(pushed));
        Assert.Equal(reference.GetProperty("SingleThing").GetDouble(), pushed.GetProperty("SingleThing").GetDouble());
        Assert.Equal(["environment", "kind", "service"], EmfValidator.DimensionSets(pushed)[0].Order(StringComparer.Ordinal));
        Assert.Equal(2, harness.FlushAndRead().Count);
    }

    [Fact]
    public void Flush_splits_150_metrics_into_documents_of_100_and_50_repeating_dimensions_and_metadata()
    {
        using var harness = MetricsHarness.Lambda();
        harness.Metrics.AddDimension("operation", "bulk");
        harness.Metrics.AddMetadata("batch", "b-1");
        for (int i = 0; i < 150; i++)
        {
            harness.Metrics.AddMetric($"M{i}", i, MetricUnit.Count);
        }

        var documents = harness.FlushAndRead();
        Assert.Equal([100, 50], documents.Select(d => EmfValidator.MetricNames(d).Count));
        Assert.All(documents, d => Assert.Equal("bulk", d.GetProperty("operation").GetString()));
        Assert.All(documents, d => Assert.Equal("b-1", d.GetProperty("batch").GetString()));
        Assert.Equal(150, documents.SelectMany(EmfValidator.MetricNames).Distinct().Count());
        for (int i = 0; i < 150; i++)
        {
            Assert.Equal(i, MetricsHarness.Sum(documents, $"M{i}"));
        }
    }

    [Fact]
    public void Flush_splits_metric_with_150_values_into_two_documents()
    {
        using var harness = MetricsHarness.Lambda(o => o.MaxValuesPerMetric = 150);
        for (int i = 0; i < 150; i++)
        {
            harness.Metrics.AddMetric("Bulk", i, MetricUnit.Count);
        }

        var documents = harness.FlushAndRead();
        Assert.Equal([100, 50], documents.Select(d => EmfValidator.ValuesOf(d, "Bulk").Length));
        Assert.Equal(Enumerable.Range(0, 150).Select(i => (double)i), documents.SelectMany(d => EmfValidator.ValuesOf(d, "Bulk")).Order());
    }

    [Fact]
    public void Flush_of_a_long_array_among_150_metrics_keeps_every_value()
    {
        using var harness = MetricsHarness.Lambda(o => o.MaxValuesPerMetric = 250);
        for (int i = 0; i < 250; i++)
        {
            harness.Metrics.AddMetric("Bulk", i, MetricUnit.Count);
        }

        for (int i = 0; i < 150; i++)
        {
            harness.Metrics.AddMetric($"M{i}", i);
        }

        var documents = harness.FlushAndRead();
        Assert.Equal(3, documents.Count);
        Assert.Equal(250, MetricsHarness.Count(documents, "Bulk"));
        Assert.Equal(Enumerable.Range(0, 250).Sum(), MetricsHarness.Sum(documents, "Bulk"));
        Assert.Equal(150, documents.SelectMany(EmfValidator.MetricNames).Count(n => n != "Bulk"));
    }

    [Fact]
    public void AddDimensionSet_publishes_the_metrics_under_a_second_dimension_set()
    {
        using var harness = MetricsHarness.Lambda();
        harness.Metrics.AddDimension("operation", "put");
        harness.Metrics.AddDimensionSet([new("tenant", "acme"), new("region", "eu")]);
        harness.Metrics.AddMetric("Orders", 1, MetricUnit.Count);

        var document = Assert.Single(harness.FlushAndRead());
        var sets = EmfValidator.DimensionSets(document);
        Assert.Equal(2, sets.Count);
        Assert.Equal(["operation", "service"], sets[0].Order(StringComparer.Ordinal));
        Assert.Equal(["region", "service", "tenant"], sets[1].Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Dimensions_and_metadata_end_with_the_flush_but_default_dimensions_stay()
    {
        using var harness = MetricsHarness.Lambda(o => o.DefaultDimensions["environment"] = "prod");
        harness.Metrics.AddDimension("operation", "put");
        harness.Metrics.AddMetadata("requestId", "r-1");
        harness.Metrics.AddMetric("Orders", 1, MetricUnit.Count);
        harness.Metrics.Flush();
        harness.Metrics.AddMetric("Orders", 1, MetricUnit.Count);

        var second = harness.FlushAndRead()[^1];
        Assert.False(second.TryGetProperty("operation", out _));
        Assert.False(second.TryGetProperty("requestId", out _));
        Assert.Equal("prod", second.GetProperty("environment").GetString());
    }

    [Fact]
    public void Metrics_with_their_own_dimensions_share_a_document_per_combination()
    {
        using var harness = MetricsHarness.Local();
        harness.Metrics.AddMetric("Orders", 1, MetricUnit.Count, MetricResolution.Standard, [new("operation", "put"), new("tenant", "acme")]);
        harness.Metrics.AddMetric("Latency", 3, MetricUnit.Milliseconds, MetricResolution.Standard, [new("tenant", "acme"), new("operation", "put")]);
        harness.Metrics.AddMetric("Orders", 1, MetricUnit.Count, MetricResolution.Standard, [new("operation", "get"), new("tenant", "acme")]);

        var documents = harness.FlushAndRead();
        Assert.Equal(2, documents.Count);
        var put = Assert.Single(documents, d => d.GetProperty("operation").GetString() == "put");
        Assert.Equal(["Latency", "Orders"], EmfValidator.MetricNames(put).Order(StringComparer.Ordinal));
        Assert.Equal(["operation", "service", "tenant"], EmfValidator.DimensionSets(put)[0].Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Service_dimension_key_follows_the_option_and_is_left_out_when_the_service_is_undefined()
    {
        using (var harness = MetricsHarness.Lambda(o => o.ServiceDimensionKey = "Service"))
        {
            harness.Metrics.AddMetric("Orders", 1, MetricUnit.Count);
            Assert.Equal("harness-svc", Assert.Single(harness.FlushAndRead()).GetProperty("Service").GetString());
        }

        using (var harness = MetricsHarness.Lambda(env: ("POWERTOOLS_SERVICE_NAME", null)))
        {
            harness.Metrics.AddMetric("Orders", 1, MetricUnit.Count);
            var document = Assert.Single(harness.FlushAndRead());
            Assert.False(document.TryGetProperty("service", out _));
            Assert.Equal([[]], EmfValidator.DimensionSets(document));
        }
    }

    [Fact]
    public void Namespace_comes_from_POWERTOOLS_METRICS_NAMESPACE_and_code_wins()
    {
        using (var harness = MetricsHarness.Lambda(env: ("POWERTOOLS_METRICS_NAMESPACE", "FromEnv")))
        {
            Assert.Equal("FromEnv", harness.Metrics.MetricNamespace);
        }

        using (var harness = MetricsHarness.Lambda(o => o.Namespace = "FromCode", ("POWERTOOLS_METRICS_NAMESPACE", "FromEnv")))
        {
            harness.Metrics.AddMetric("Orders", 1);
            Assert.Equal("FromCode", Assert.Single(harness.FlushAndRead()).GetProperty("_aws").GetProperty("CloudWatchMetrics")[0].GetProperty("Namespace").GetString());
        }

        using (var harness = MetricsHarness.Lambda(env: ("POWERTOOLS_METRICS_NAMESPACE", null)))
        {
            Assert.Equal("default_namespace", harness.Metrics.MetricNamespace);
        }
    }

    [Fact]
    public void POWERTOOLS_METRICS_DISABLED_writes_nothing()
    {
        using var harness = MetricsHarness.Lambda(env: ("POWERTOOLS_METRICS_DISABLED", "true"));
        harness.Metrics.AddMetric("Orders", 1, MetricUnit.Count);
        harness.Metrics.PushSingleMetric("Single", 1);
        Assert.Empty(harness.FlushAndRead());
    }

    [Fact]
    public void Empty_flush_writes_no_document()
    {
        using var harness = MetricsHarness.Lambda();
        harness.Metrics.AddDimension("operation", "put");
        Assert.Empty(harness.FlushAndRead());
    }

    [Fact]
    public void Documents_larger_than_the_size_limit_are_split_further()
    {
        using var harness = MetricsHarness.Lambda(o => o.MaxDocumentBytes = 4096);
        for (int i = 0; i < 100; i++)
        {
            harness.Metrics.AddMetric($"A_rather_long_metric_name_to_fill_the_document_quickly_{i}", i + 0.123456789, MetricUnit.Milliseconds);
        }

        var documents = harness.FlushAndRead();
        Assert.True(documents.Count > 1);
        Assert.All(documents, d => Assert.True(d.GetRawText().Length <= 4096));
        Assert.Equal(100, documents.SelectMany(EmfValidator.MetricNames).Count());
        Assert.Equal(0, harness.Drops());
    }
}
