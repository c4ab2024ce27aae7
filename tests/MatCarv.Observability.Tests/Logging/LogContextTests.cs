using System.Diagnostics;
using MatCarv.Observability.Logging;
using Microsoft.Extensions.Logging;

namespace MatCarv.Observability.Tests.Logging;

public sealed class LogContextTests
{
    [Fact]
    public async Task Appended_keys_persist_across_calls_and_threads_of_the_invocation_and_end_with_it()
    {
        using var harness = LogHarness.Lambda();
        await using (harness.Telemetry.BeginInvocation(LogHarness.Invocation("req-1")))
        {
            LogContext.AppendKey("customer_id", "c-42");
            harness.Logger.LogInformation("first");
            await Task.Run(() =>
            {
                LogContext.AppendKey("cart_items", 3);
                harness.Logger.LogInformation("from another thread");
            });
            harness.Logger.LogInformation("after the child task");
            LogContext.RemoveKeys("customer_id", "never_added");
            harness.Logger.LogInformation("removed");
        }

        await using (harness.Telemetry.BeginInvocation(LogHarness.Invocation("req-2")))
        {
            harness.Logger.LogInformation("next invocation");
        }

        var lines = harness.Lines();
        Assert.Equal(["c-42", "c-42", "c-42", null, null], lines.Select(l => l.TryGetProperty("customer_id", out var v) ? v.GetString() : null));
        Assert.Equal([null, 3, 3, 3, null], lines.Select(l => l.TryGetProperty("cart_items", out var v) ? v.GetInt32() : (int?)null));
    }

    [Fact]
    public async Task Concurrent_invocations_never_see_each_others_keys()
    {
        using var harness = LogHarness.Lambda();
        await Parallel.ForAsync(0, 16, async (i, _) =>
        {
            await using (harness.Telemetry.BeginInvocation(LogHarness.Invocation("req-" + i)))
            {
                LogContext.AppendKey("tenant", "t-" + i);
                for (int j = 0; j < 5; j++)
                {
                    await Task.Yield();
                    harness.Logger.LogInformation("step {J}", j);
                }
            }
        });

        var lines = harness.Lines();
        Assert.Equal(80, lines.Count);
        Assert.All(lines, l => Assert.Equal("t-" + l.GetProperty("function_request_id").GetString()!["req-".Length..], l.GetProperty("tenant").GetString()));
    }

    [Fact]
    public async Task Pushed_keys_last_for_their_scope_flow_into_child_tasks_and_not_into_siblings()
    {
        using var harness = LogHarness.Lambda();
        await using (harness.Telemetry.BeginInvocation(LogHarness.Invocation()))
        {
            var siblings = Enumerable.Range(0, 2).Select(i => Task.Run(async () =>
            {
                using (LogContext.PushKey("record", "r-" + i))
                {
                    await Task.Yield();
                    await Task.Run(() => harness.Logger.LogInformation("child of {I}", i));
                }

                harness.Logger.LogInformation("after the scope of {I}", i);
            }));
            await Task.WhenAll(siblings);
        }

        var lines = harness.Lines();
        foreach (var line in lines)
        {
            var i = line.GetProperty("i").GetInt32();
            var inScope = line.GetProperty("message").GetString()!.StartsWith("child", StringComparison.Ordinal);
            Assert.Equal(inScope ? "r-" + i : null, line.TryGetProperty("record", out var r) ? r.GetString() : null);
        }
    }

    [Fact]
    public async Task Parameters_win_over_scopes_scopes_over_pushed_keys_and_pushed_over_appended_keys()
    {
        using var harness = LogHarness.Lambda();
        await using (harness.Telemetry.BeginInvocation(LogHarness.Invocation()))
        {
            LogContext.AppendKeys([new("a", "appended"), new("b", "appended"), new("c", "appended"), new("d", "appended")]);
            using (LogContext.PushKeys([new("a", "pushed"), new("b", "pushed"), new("c", "pushed")]))
            using (LogContext.PushKey("a", "inner pushed"))
            using (harness.Logger.BeginScope(new Dictionary<string, object?> { ["a"] = "scope", ["b"] = "scope" }))
            {
                harness.Logger.LogInformation("{A}", "parameter");
            }
        }

        var line = Assert.Single(harness.Lines());
        Assert.Equal("parameter", line.GetProperty("a").GetString());
        Assert.Equal("scope", line.GetProperty("b").GetString());
        Assert.Equal("pushed", line.GetProperty("c").GetString());
        Assert.Equal("appended", line.GetProperty("d").GetString());
        var keys = LogHarness.Keys(line);
        Assert.Equal(keys.Count, keys.Distinct().Count());

        // Powertools' order: appended keys after the standard keys, before scope keys and parameters.
        Assert.True(keys.IndexOf("correlation_id") < 0 || keys.IndexOf("correlation_id") < keys.IndexOf("c"));
        Assert.True(keys.IndexOf("name") < keys.IndexOf("c"));
        Assert.True(keys.IndexOf("d") < keys.IndexOf("b"));
        Assert.True(keys.IndexOf("b") < keys.IndexOf("a"));
    }

    [Fact]
    public async Task Keys_are_cased_redacted_never_replace_standard_keys_and_can_set_the_correlation_id()
    {
        using var harness = LogHarness.Lambda(null, ("POWERTOOLS_LOGGER_CASE", "CamelCase"));
        await using (harness.Telemetry.BeginInvocation(LogHarness.Invocation()))
        {
            LogContext.AppendKey("order_total", 59.9);
            LogContext.AppendKey("api_key", "sk_live_secret");
            LogContext.AppendKey("level", "spoofed");
            LogContext.AppendKey("Correlation-Id", "corr-from-key");
            harness.Logger.LogInformation("checkout");
        }

        var line = Assert.Single(harness.AllLines(), l => l.TryGetProperty("name", out var n) && n.GetString() == LogHarness.Category);
        Assert.Equal(59.9, line.GetProperty("orderTotal").GetDouble());
        Assert.Equal("[REDACTED]", line.GetProperty("apiKey").GetString());
        Assert.DoesNotContain("sk_live_secret", line.GetRawText(), StringComparison.Ordinal);
        Assert.Equal("Information", line.GetProperty("level").GetString());
        Assert.Equal("corr-from-key", line.GetProperty("correlationId").GetString());
        Assert.Single(LogHarness.Keys(line), k => k == "correlationId");
    }

    [Fact]
    public async Task The_invocations_own_correlation_id_wins_over_an_appended_one()
    {
        using var harness = LogHarness.Lambda();
        await using (var scope = harness.Telemetry.BeginInvocation(LogHarness.Invocation()))
        {
            scope.Context.CorrelationId = "from-the-event";
            LogContext.AppendKey("correlation_id", "appended");
            harness.Logger.LogInformation("x");
        }

        Assert.Equal("from-the-event", Assert.Single(harness.Lines()).GetProperty("correlation_id").GetString());
    }

    [Fact]
    public async Task Outside_Lambda_a_requests_root_activity_is_the_unit_and_requests_stay_apart()
    {
        using var source = new ActivitySource("MatCarv.Tests.LogContext.Requests");
        using var listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name == source.Name,
            Sample = static (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllData,
        };
        ActivitySource.AddActivityListener(listener);
        using var harness = LogHarness.Local();
        await Task.WhenAll(Enumerable.Range(0, 8).Select(i => Task.Run(async () =>
        {
            using var request = source.StartActivity("request " + i);
            LogContext.AppendKey("user", "u-" + i);
            using (source.StartActivity("child span"))
            {
                await Task.Yield();
                harness.Logger.LogInformation("in request {I}", i);
            }
        })));

        var lines = harness.Lines();
        Assert.Equal(8, lines.Count);
        Assert.All(lines, l => Assert.Equal("u-" + l.GetProperty("i").GetInt32(), l.GetProperty("user").GetString()));
    }

    [Fact]
    public void A_log_request_scope_is_the_unit_when_there_is_no_invocation_or_request_and_its_keys_end_with_it()
    {
        using var harness = LogHarness.Local();
        using (LogRequestScope.Begin())
        {
            LogContext.AppendKey("job", "nightly-export");
            harness.Logger.LogInformation("in the job");
        }

        harness.Logger.LogInformation("after the job");
        var lines = harness.Lines();
        Assert.Equal("nightly-export", lines[0].GetProperty("job").GetString());
        Assert.False(lines[1].TryGetProperty("job", out _));
    }
}

/// <summary>Process-wide keys would appear on every other test's lines: this runs alone.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ProcessWideLogKeysCollection
{
    public const string Name = "Process-wide log keys";
}

[Collection(ProcessWideLogKeysCollection.Name)]
public sealed class ProcessWideLogContextTests
{
    [Fact]
    public async Task Keys_appended_outside_any_unit_are_on_every_line_of_the_process_until_removed()
    {
        using var harness = LogHarness.Lambda();
        LogContext.AppendKey("deployment", "blue");
        try
        {
            harness.Logger.LogInformation("at start-up");
            await using (harness.Telemetry.BeginInvocation(LogHarness.Invocation()))
            {
                LogContext.AppendKey("deployment", "invocation value wins");
                harness.Logger.LogInformation("in an invocation");
            }

            harness.Logger.LogInformation("after");
        }
        finally
        {
            LogContext.RemoveKeys("deployment");
        }

        harness.Logger.LogInformation("removed");
        Assert.Equal(["blue", "invocation value wins", "blue", null], harness.Lines().Select(l => l.TryGetProperty("deployment", out var d) ? d.GetString() : null));
    }
}
