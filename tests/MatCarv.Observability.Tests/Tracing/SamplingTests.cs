using System.Diagnostics;
using MatCarv.Observability.Tests.Tracing.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace MatCarv.Observability.Tests.Tracing;

public sealed class SamplingTests
{
    [Fact]
    public async Task Default_rule_samples_the_fixed_target_each_second_then_the_rate()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var harness = new TracingHarness(time: time, configure: o =>
        {
            o.SamplingFixedTarget = 2;
            o.SamplingRate = 0;
        });

        bool Recorded()
        {
            using var activity = harness.Source.StartActivity("root");
            return activity!.Recorded;
        }

        Assert.Equal([true, true, false, false], [Recorded(), Recorded(), Recorded(), Recorded()]);
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal([true, true, false], [Recorded(), Recorded(), Recorded()]);

        // Children follow their root.
        using var unsampled = harness.Source.StartActivity("root")!;
        using var child = harness.Source.StartActivity("child")!;
        Assert.False(unsampled.Recorded);
        Assert.False(child.Recorded);
    }

    [Fact]
    public async Task Rules_file_matches_method_and_path_globs_before_the_default_rule()
    {
        var file = Path.Combine(Path.GetTempPath(), "sampling-" + Guid.NewGuid().ToString("N") + ".json");
        await File.WriteAllTextAsync(file, """
            {
              "version": 2,
              "rules": [
                { "description": "health checks", "host": "*", "http_method": "GET", "url_path": "/health*", "fixed_target": 0, "rate": 0 },
                { "description": "orders", "host": "*.example.com", "http_method": "*", "url_path": "/orders/*", "fixed_target": 0, "rate": 1 }
              ],
              "default": { "fixed_target": 0, "rate": 0 }
            }
            """);
        try
        {
            await using var harness = new TracingHarness(configure: o => o.SamplingRulesFile = file);

            bool Recorded(string method, string host, string path)
            {
                using var activity = harness.Source.StartActivity(ActivityKind.Server, default(ActivityContext), [new("http.request.method", method), new("server.address", host), new("url.path", path)], name: "request");
                return activity!.Recorded;
            }

            Assert.False(Recorded("GET", "api.example.com", "/health/live"));
            Assert.True(Recorded("POST", "api.example.com", "/orders/42"));
            Assert.False(Recorded("POST", "other.net", "/orders/42"));
            Assert.False(Recorded("GET", "api.example.com", "/customers"));
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void Invalid_rules_file_fails_at_start_up_naming_the_setting()
    {
        var file = Path.Combine(Path.GetTempPath(), "sampling-" + Guid.NewGuid().ToString("N") + ".json");
        File.WriteAllText(file, """{ "version": 2, "default": { "fixed_target": 1, "rate": 7 } }""");
        try
        {
            var services = new ServiceCollection();
            services.AddMatCarvObservability(o => o.Output = Stream.Null).WithTracing(o => o.SamplingRulesFile = file);
            using var provider = services.BuildServiceProvider();
            var ex = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<MatCarv.Observability.Tracing.MatCarvTracingOptions>>().Value);
            Assert.Contains("SamplingRulesFile", ex.Message, StringComparison.Ordinal);
            Assert.Contains("rate", ex.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }
}
