using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace MatCarv.Observability.Tests.Logging;

public sealed class SchemaTests
{
    private static readonly string[] PowertoolsOrder =
    [
        "level", "message", "timestamp", "service", "cold_start", "function_name", "function_memory_size", "function_arn",
        "function_request_id", "function_version", "xray_trace_id", "name",
    ];

    private static JsonElement Reference(string message) =>
        File.ReadLines(Path.Combine(AppContext.BaseDirectory, "specs", "reference", "powertools-logger.jsonl"))
            .Select(LogHarness.Parse)
            .First(l => l.GetProperty("message").GetString() == message);

    [Fact]
    public async Task Lambda_line_has_every_Powertools_key_in_the_dotnet_order_with_the_reference_json_types()
    {
        using var harness = LogHarness.Lambda();
        await using (harness.Telemetry.BeginInvocation(LogHarness.Invocation()))
        {
            harness.Logger.LogInformation("hello from the reference logger {OrderId}", 42);
        }

        var line = Assert.Single(harness.Lines());
        var keys = LogHarness.Keys(line);
        Assert.Equal(PowertoolsOrder, keys.Where(PowertoolsOrder.Contains).ToArray());
        Assert.Equal(PowertoolsOrder.Concat(["order_id"]), keys);

        // Same JSON types as Powertools TypeScript for every key both write, except function_memory_size, which
        // Powertools .NET writes as a number (research §1) where TypeScript writes a string.
        var reference = Reference("hello from the reference logger");
        foreach (var property in reference.EnumerateObject())
        {
            if (property.Name is "sampling_rate" or "team" or "nested" or "orderId")
            {
                continue; // sampling_rate is written only when > 0 (.NET); the rest are the harness's own keys.
            }

            Assert.True(line.TryGetProperty(property.Name, out var ours), $"missing {property.Name}");
            var expected = property.Name == "function_memory_size" ? JsonValueKind.Number : property.Value.ValueKind;
            Assert.Equal(expected, ours.ValueKind);
        }

        Assert.Equal("Information", line.GetProperty("level").GetString());
        Assert.Equal("hello from the reference logger 42", line.GetProperty("message").GetString());
        Assert.Equal("harness-svc", line.GetProperty("service").GetString());
        Assert.True(line.GetProperty("cold_start").GetBoolean());
        Assert.Equal("harness-fn", line.GetProperty("function_name").GetString());
        Assert.Equal(256, line.GetProperty("function_memory_size").GetInt32());
        Assert.Equal("arn:aws:lambda:us-east-1:123456789012:function:harness-fn", line.GetProperty("function_arn").GetString());
        Assert.Equal("c6af9ac6-7b61-11e6-9a41-93e812345678", line.GetProperty("function_request_id").GetString());
        Assert.Equal("$LATEST", line.GetProperty("function_version").GetString());
        Assert.Equal(reference.GetProperty("xray_trace_id").GetString(), line.GetProperty("xray_trace_id").GetString());
        Assert.Equal(LogHarness.Category, line.GetProperty("name").GetString());
        Assert.Equal(42, line.GetProperty("order_id").GetInt32());
    }

    [Fact]
    public async Task Timestamp_is_utc_round_trip_format_with_seven_fraction_digits_from_the_time_provider()
    {
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(new DateTimeOffset(2026, 11, 26, 19, 31, 52, TimeSpan.Zero).AddTicks(5_940_123));
        var stream = new MemoryStream();
        await using var telemetry = MatCarv.Observability.Lambda.MatCarvLambda.Create(o =>
        {
            o.Output = stream;
            o.TimeProvider = time;
            o.EnvironmentVariables = LogHarness.LocalEnvironment();
        });
        var logger = telemetry.LoggerFactory.CreateLogger("t");
        logger.LogInformation("one");
        time.Advance(TimeSpan.FromSeconds(1.5));
        logger.LogInformation("two");
        await telemetry.FlushAsync(TimeSpan.FromSeconds(5));
        var lines = System.Text.Encoding.UTF8.GetString(stream.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(LogHarness.Parse).Where(l => l.GetProperty("name").GetString() == "t").ToList();
        Assert.Equal("2026-11-26T19:31:52.5940123Z", lines[0].GetProperty("timestamp").GetString());
        Assert.Equal("2026-11-26T19:31:54.0940123Z", lines[1].GetProperty("timestamp").GetString());
        Assert.Equal(time.GetUtcNow().UtcDateTime, DateTime.Parse(lines[1].GetProperty("timestamp").GetString()!, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind));
    }

    [Fact]
    public void Level_names_are_the_Powertools_dotnet_names()
    {
        using var harness = LogHarness.Local(env: ("POWERTOOLS_LOG_LEVEL", "Trace"));
        harness.Logger.LogTrace("t");
        harness.Logger.LogDebug("d");
        harness.Logger.LogInformation("i");
        harness.Logger.LogWarning("w");
        harness.Logger.LogError("e");
        harness.Logger.LogCritical("c");
        Assert.Equal(["Trace", "Debug", "Information", "Warning", "Error", "Critical"], harness.Lines().Select(l => l.GetProperty("level").GetString()!));
    }

    [Fact]
    public void Outside_lambda_lines_carry_the_activity_ids_and_no_function_keys()
    {
        using var harness = LogHarness.Local();
        using var source = new System.Diagnostics.ActivitySource("MatCarv.Tests.Schema");
        using var listener = new System.Diagnostics.ActivityListener
        {
            ShouldListenTo = s => s.Name == "MatCarv.Tests.Schema",
            Sample = (ref System.Diagnostics.ActivityCreationOptions<System.Diagnostics.ActivityContext> _) => System.Diagnostics.ActivitySamplingResult.AllDataAndRecorded,
        };
        System.Diagnostics.ActivitySource.AddActivityListener(listener);
        string traceId, spanId;
        using (var activity = source.StartActivity("request")!)
        {
            traceId = activity.TraceId.ToHexString();
            spanId = activity.SpanId.ToHexString();
            harness.Logger.LogInformation("inside");
        }

        var line = Assert.Single(harness.Lines());
        Assert.Equal(traceId, line.GetProperty("trace_id").GetString());
        Assert.Equal(spanId, line.GetProperty("span_id").GetString());
        Assert.Equal("1-" + traceId[..8] + "-" + traceId[8..], line.GetProperty("xray_trace_id").GetString());
        Assert.Equal(["level", "message", "timestamp", "service", "xray_trace_id", "trace_id", "span_id", "name"], LogHarness.Keys(line));
        Assert.Equal("local-svc", line.GetProperty("service").GetString());
    }

    [Fact]
    public void Exception_is_a_nested_object_with_type_message_stack_trace_and_inner_exceptions()
    {
        using var harness = LogHarness.Local();
        Exception error;
        try
        {
            try
            {
                throw new ArgumentNullException("id", "inner message");
            }
            catch (Exception cause)
            {
                throw new InvalidOperationException("Parent exception message", cause);
            }
        }
        catch (Exception ex)
        {
            error = ex;
        }

        harness.Logger.LogError(error, "failed {Step}", "charge");
        var line = Assert.Single(harness.Lines());
        Assert.Equal("exception", LogHarness.Keys(line)[^1]);
        var exception = line.GetProperty("exception");
        Assert.Equal("System.InvalidOperationException", exception.GetProperty("type").GetString());
        Assert.Equal("Parent exception message", exception.GetProperty("message").GetString());
        Assert.Contains(nameof(Exception_is_a_nested_object_with_type_message_stack_trace_and_inner_exceptions), exception.GetProperty("stack_trace").GetString());

        // Powertools .NET's exception object: type, message, source (the assembly that threw), stack_trace, inner_exception.
        Assert.Equal(["type", "message", "source", "stack_trace", "inner_exception"], LogHarness.Keys(exception));
        Assert.Equal(typeof(SchemaTests).Assembly.GetName().Name, exception.GetProperty("source").GetString());
        var inner = exception.GetProperty("inner_exception");
        Assert.Equal("System.ArgumentNullException", inner.GetProperty("type").GetString());
        Assert.StartsWith("inner message", inner.GetProperty("message").GetString());
        Assert.Equal(typeof(SchemaTests).Assembly.GetName().Name, inner.GetProperty("source").GetString());
    }

    [Fact]
    public void An_exception_that_was_never_thrown_has_no_source_and_a_set_source_is_written()
    {
        using var harness = LogHarness.Local();
        harness.Logger.LogError(new InvalidOperationException("created, not thrown"), "a");
        harness.Logger.LogError(new InvalidOperationException("labelled") { Source = "Billing.Gateway" }, "b");
        var lines = harness.Lines();
        Assert.Equal(["type", "message"], LogHarness.Keys(lines[0].GetProperty("exception")));
        Assert.Equal("Billing.Gateway", lines[1].GetProperty("exception").GetProperty("source").GetString());
    }

    [Fact]
    public void User_keys_never_overwrite_or_duplicate_standard_keys()
    {
        using var harness = LogHarness.Local();
        using (harness.Logger.BeginScope(new Dictionary<string, object?> { ["service"] = "evil", ["timestamp"] = 1, ["team"] = "payments" }))
        {
            harness.Logger.LogInformation("{Level} {Message} {Name} {Service} {Team} {Team}", "x", "y", "z", "w", "checkout", "again");
        }

        var raw = harness.RawLine();
        var line = LogHarness.Parse(raw);
        var names = LogHarness.Keys(line);
        Assert.Equal(names.Count, names.Distinct().Count());
        Assert.Equal("Information", line.GetProperty("level").GetString());
        Assert.Equal("local-svc", line.GetProperty("service").GetString());
        Assert.Equal(LogHarness.Category, line.GetProperty("name").GetString());
        Assert.Equal("checkout", line.GetProperty("team").GetString());
        Assert.Equal("x y z w checkout again", line.GetProperty("message").GetString());
    }

    [Fact]
    public void Scopes_add_keys_the_innermost_wins_and_a_parameter_wins_over_a_scope()
    {
        using var harness = LogHarness.Local();
        using (harness.Logger.BeginScope(new Dictionary<string, object?> { ["tenant"] = "outer", ["Region"] = "eu" }))
        using (harness.Logger.BeginScope("Order {OrderId}", 7))
        using (harness.Logger.BeginScope(new[] { new KeyValuePair<string, object?>("tenant", "inner") }))
        using (harness.Logger.BeginScope("plain text scope"))
        {
            harness.Logger.LogInformation("with {Region}", "us");
        }

        var line = Assert.Single(harness.Lines());
        Assert.Equal("inner", line.GetProperty("tenant").GetString());
        Assert.Equal(7, line.GetProperty("order_id").GetInt32());
        Assert.Equal("us", line.GetProperty("region").GetString());
        Assert.Equal("plain text scope", line.GetProperty("scopes")[0].GetString());
        Assert.Equal(LogHarness.Keys(line).Count, LogHarness.Keys(line).Distinct().Count());
    }

    [Fact]
    public void Correlation_id_comes_from_the_invocation_or_a_scope_key()
    {
        using var harness = LogHarness.Local();
        using (harness.Logger.BeginScope(new Dictionary<string, object?> { ["correlation_id"] = "req-77" }))
        {
            harness.Logger.LogInformation("scoped");
        }

        using (harness.Logger.BeginScope(new Dictionary<string, object?> { ["CorrelationId"] = "req-78" }))
        {
            harness.Logger.LogInformation("scoped pascal");
        }

        var lines = harness.Lines();
        Assert.Equal("req-77", lines[0].GetProperty("correlation_id").GetString());
        Assert.Equal("req-78", lines[1].GetProperty("correlation_id").GetString());
        Assert.Equal(1, lines[1].EnumerateObject().Count(p => p.Name.Contains("orrelation", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Correlation_id_set_on_the_lambda_invocation_is_written_after_name()
    {
        using var harness = LogHarness.Lambda();
        await using (var scope = harness.Telemetry.BeginInvocation(LogHarness.Invocation()))
        {
            scope.Context.CorrelationId = "corr-1";
            harness.Logger.LogInformation("x");
        }

        var line = Assert.Single(harness.Lines());
        var keys = LogHarness.Keys(line);
        Assert.Equal(keys.IndexOf("name") + 1, keys.IndexOf("correlation_id"));
        Assert.Equal("corr-1", line.GetProperty("correlation_id").GetString());
    }
}
