using MatCarv.Observability.Metrics;
using Microsoft.Extensions.Options;

namespace MatCarv.Observability.Tests.Metrics;

public sealed class BadInputTests
{
    [Theory]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(double.NegativeInfinity)]
    [InlineData(1e300)]
    [InlineData(1e-300)]
    public void Values_cloudwatch_rejects_are_dropped_and_counted(double value)
    {
        using var harness = MetricsHarness.Lambda();
        harness.Metrics.AddMetric("Latency", value, MetricUnit.Milliseconds);
        harness.Metrics.AddMetric("Latency", 5, MetricUnit.Milliseconds);

        var document = Assert.Single(harness.FlushAndRead());
        Assert.Equal([5.0], EmfValidator.ValuesOf(document, "Latency"));
        Assert.Equal(1, harness.Drops("invalid_value"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("line\nbreak")]
    [InlineData("tab\tname")]
    [InlineData("_aws")]
    public void Invalid_metric_names_are_dropped_and_counted(string name)
    {
        using var harness = MetricsHarness.Lambda();
        harness.Metrics.AddMetric(name, 1, MetricUnit.Count);
        harness.Metrics.AddMetric(name, 2, MetricUnit.Count);
        harness.Metrics.AddMetric("Valid", 1, MetricUnit.Count);

        var document = Assert.Single(harness.FlushAndRead());
        Assert.Equal(["Valid"], EmfValidator.MetricNames(document));
        Assert.Equal(2, harness.Drops("invalid_name"));
    }

    [Fact]
    public void Metric_name_with_a_lone_surrogate_is_dropped()
    {
        // Not an InlineData: theory serialisation replaces lone surrogates with U+FFFD.
        using var harness = MetricsHarness.Lambda();
        harness.Metrics.AddMetric("lone" + '\ud800' + "surrogate", 1);
        harness.Metrics.AddMetric("Valid", 1);
        Assert.Equal(["Valid"], EmfValidator.MetricNames(Assert.Single(harness.FlushAndRead())));
        Assert.Equal(1, harness.Drops("invalid_name"));
    }

    [Fact]
    public void Metric_names_beyond_CloudWatchs_255_characters_are_dropped_and_counted()
    {
        // Issue 10 item 5: a 1,000-character name was written as is, and CloudWatch (1-255) never extracted it.
        using var harness = MetricsHarness.Lambda();
        harness.Metrics.AddMetric(new string('m', 1000), 1);
        harness.Metrics.AddMetric(new string('m', 256), 1);
        harness.Metrics.AddMetric(new string('m', 255), 1);
        Assert.Equal([new string('m', 255)], EmfValidator.MetricNames(Assert.Single(harness.FlushAndRead())));
        Assert.Equal(2, harness.Drops("invalid_name"));
    }

    [Theory]
    [InlineData("", "v")]
    [InlineData("k", "")]
    [InlineData("k", " ")]
    [InlineData(":colon", "v")]
    [InlineData("caf\u00e9", "v")]
    [InlineData("k", "caf\u00e9")]
    [InlineData("k", "new\nline")]
    public void Invalid_dimensions_are_dropped_and_counted(string key, string value)
    {
        using var harness = MetricsHarness.Lambda();
        harness.Metrics.AddMetric("Orders", 1, MetricUnit.Count, MetricResolution.Standard, [new(key, value)]);
        harness.Metrics.AddDimension(key, value);
        harness.Metrics.AddMetric("Shared", 1, MetricUnit.Count);

        var document = Assert.Single(harness.FlushAndRead());
        Assert.Equal(["Shared"], EmfValidator.MetricNames(document));
        Assert.Equal(2, harness.Drops("invalid_dimension"));
    }

    [Fact]
    public void Dimension_value_beyond_1024_characters_is_dropped()
    {
        using var harness = MetricsHarness.Lambda();
        harness.Metrics.AddMetric("Orders", 1, MetricUnit.Count, MetricResolution.Standard, [new("k", new string('v', 1025))]);
        harness.Metrics.AddMetric("Orders", 1, MetricUnit.Count, MetricResolution.Standard, [new("k", new string('v', 1024))]);
        var document = Assert.Single(harness.FlushAndRead());
        Assert.Equal(1024, document.GetProperty("k").GetString()!.Length);
        Assert.Equal(1, harness.Drops("invalid_dimension"));
    }

    [Fact]
    public void A_31st_dimension_is_dropped_and_counted()
    {
        using var harness = MetricsHarness.Lambda();
        var thirty = Enumerable.Range(0, 30).Select(i => new KeyValuePair<string, string>($"d{i}", "v")).ToArray();
        var twentyNine = thirty[..29];

        // With the service dimension, 30 own dimensions make 31 keys.
        harness.Metrics.AddMetric("TooMany", 1, MetricUnit.Count, MetricResolution.Standard, thirty);
        harness.Metrics.AddMetric("JustFits", 1, MetricUnit.Count, MetricResolution.Standard, twentyNine);
        for (int i = 0; i < 30; i++)
        {
            harness.Metrics.AddDimension($"s{i}", "v");
        }

        harness.Metrics.AddMetric("Shared", 1);
        var documents = harness.FlushAndRead();
        Assert.Equal(2, documents.Count);
        Assert.All(documents, d => Assert.Equal(30, EmfValidator.DimensionSets(d)[0].Count));
        Assert.Equal(2, harness.Drops("too_many_dimensions"));
    }

    [Fact]
    public void A_metric_named_like_a_dimension_is_dropped_instead_of_replacing_it()
    {
        using var harness = MetricsHarness.Lambda();
        harness.Metrics.AddDimension("operation", "put");
        harness.Metrics.AddMetric("operation", 1);
        harness.Metrics.AddMetric("service", 1);
        harness.Metrics.AddMetric("tenant", 1, MetricUnit.Count, MetricResolution.Standard, [new("tenant", "acme")]);
        harness.Metrics.AddMetric("Orders", 1);

        var document = Assert.Single(harness.FlushAndRead());
        Assert.Equal(["Orders"], EmfValidator.MetricNames(document));
        Assert.Equal(3, harness.Drops("name_collision"));
    }

    [Fact]
    public void A_second_resolution_or_unit_for_the_same_metric_is_dropped()
    {
        using var harness = MetricsHarness.Lambda();
        harness.Metrics.AddMetric("Latency", 1, MetricUnit.Milliseconds, MetricResolution.High);
        harness.Metrics.AddMetric("Latency", 2, MetricUnit.Milliseconds, MetricResolution.Standard);
        harness.Metrics.AddMetric("Latency", 3, MetricUnit.Seconds, MetricResolution.High);
        harness.Metrics.AddMetric("Latency", 4, (MetricUnit)999, MetricResolution.High);
        harness.Metrics.AddMetric("Latency", 5, MetricUnit.Milliseconds, (MetricResolution)5);

        var document = Assert.Single(harness.FlushAndRead());
        Assert.Equal([1.0], EmfValidator.ValuesOf(document, "Latency"));
        Assert.Equal(2, harness.Drops("unit_conflict"));
        Assert.Equal(2, harness.Drops("invalid_value"));
    }

    [Fact]
    public void Metadata_that_would_clash_with_a_metric_or_dimension_is_left_out()
    {
        using var harness = MetricsHarness.Lambda();
        harness.Metrics.AddDimension("operation", "put");
        harness.Metrics.AddMetadata("operation", "clash");
        harness.Metrics.AddMetadata("Orders", "clash");
        harness.Metrics.AddMetadata("_aws", "clash");
        harness.Metrics.AddMetadata("ratio", double.NaN);
        harness.Metrics.AddMetadata("ratio2", 0.5);
        harness.Metrics.AddMetric("Orders", 1);

        var document = Assert.Single(harness.FlushAndRead());
        Assert.Equal("put", document.GetProperty("operation").GetString());
        Assert.Equal(1, document.GetProperty("Orders").GetDouble());
        Assert.Equal(0.5, document.GetProperty("ratio2").GetDouble());
        Assert.False(document.TryGetProperty("ratio", out _));
        Assert.Equal(2, harness.Drops("invalid_metadata"));
    }

    [Fact]
    public void Values_beyond_the_exact_limit_are_aggregated_never_dropped()
    {
        using var harness = MetricsHarness.Lambda(o => o.MaxValuesPerMetric = 250);
        for (int i = 0; i < 300; i++)
        {
            harness.Metrics.AddMetric("Bulk", i);
        }

        var document = Assert.Single(harness.FlushAndRead());
        Assert.True(EmfStatistics.IsDistribution(document, "Bulk"));
        Assert.Equal(new MetricStatistics(300, Enumerable.Range(0, 300).Sum(), 0, 299), EmfStatistics.Of([document], "Bulk"));
        Assert.Equal(0, harness.Drops());
    }

    [Fact]
    public void Cardinality_beyond_the_limit_is_dropped_and_counted()
    {
        using var harness = MetricsHarness.Lambda(o => o.CardinalityLimit = 10);
        for (int i = 0; i < 15; i++)
        {
            harness.Metrics.AddMetric("Orders", 1, MetricUnit.Count, MetricResolution.Standard, [new("tenant", $"t{i}")]);
        }

        Assert.Equal(10, harness.FlushAndRead().Count);
        Assert.Equal(5, harness.Drops("cardinality_limit"));
    }

    public static TheoryData<string, string?, string> BadConfiguration => new()
    {
        { "POWERTOOLS_METRICS_NAMESPACE", "AWS/Lambda", "POWERTOOLS_METRICS_NAMESPACE" },
        { "POWERTOOLS_METRICS_NAMESPACE", "bad|namespace", "Namespace" },
        { "AWS_EMF_AGENT_ENDPOINT", "http://127.0.0.1:25888", "AWS_EMF_AGENT_ENDPOINT" },
        { "AWS_EMF_AGENT_ENDPOINT", "tcp://127.0.0.1:99999", "AWS_EMF_AGENT_ENDPOINT" },
        { "AWS_EMF_ENVIRONMENT", "Cloud", "AWS_EMF_ENVIRONMENT" },
        { "AWS_EMF_AGENT_BUFFER_SIZE", "many", "AWS_EMF_AGENT_BUFFER_SIZE" },
    };

    [Theory]
    [MemberData(nameof(BadConfiguration))]
    public void Bad_environment_fails_at_start_up_naming_the_setting(string variable, string? value, string named)
    {
        var env = MetricsHarness.LocalEnvironment((variable, value));
        if (variable == "AWS_EMF_ENVIRONMENT" || variable == "AWS_EMF_AGENT_BUFFER_SIZE")
        {
            env["AWS_EMF_AGENT_ENDPOINT"] = "tcp://127.0.0.1:25888";
        }

        var error = Assert.Throws<OptionsValidationException>(() => new MetricsHarness(env));
        Assert.Contains(named, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Bad_options_fail_at_start_up_naming_the_option()
    {
        Assert.Contains("DefaultDimensions", Assert.Throws<OptionsValidationException>(() => MetricsHarness.Local(o => o.DefaultDimensions["caf\u00e9"] = "x")).Message, StringComparison.Ordinal);
        Assert.Contains("MeterTagAllowList", Assert.Throws<OptionsValidationException>(() => MetricsHarness.Local(o => o.MeterTagPolicy = MeterTagPolicy.AllowList)).Message, StringComparison.Ordinal);
        Assert.Contains("MatCarv:Metrics:ExportInterval", Assert.Throws<OptionsValidationException>(() => MetricsHarness.Local(o => o.ExportInterval = TimeSpan.Zero)).Message, StringComparison.Ordinal);
        Assert.Contains("LogGroupName", Assert.Throws<OptionsValidationException>(() => MetricsHarness.Local(o => { o.Destination = MetricsDestination.Agent; o.LogGroupName = "bad group!"; })).Message, StringComparison.Ordinal);
        Assert.Contains("MeterResolution", Assert.Throws<OptionsValidationException>(() => MetricsHarness.Local(o => o.MeterResolution = (MetricResolution)30)).Message, StringComparison.Ordinal);
    }
}
