using System.Diagnostics;
using MatCarv.Observability.Metrics.Bridge;
using MatCarv.Observability.Tests.Tracing.Support;
using MatCarv.Observability.Tracing.Export;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace MatCarv.Observability.Tests.Hosting;

/// <summary>Tests that read process-wide state (the propagator, the trace-id generator): they run alone.</summary>
[CollectionDefinition(nameof(ProcessWideState), DisableParallelization = true)]
public sealed class ProcessWideState
{
}

[Collection(nameof(ProcessWideState))]
public sealed class ProcessWideStateTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Logging_alone_changes_no_process_wide_state_and_sends_no_segment(bool withTracing)
    {
        using var collector = new UdpCollector();
        using var server = new HeaderCapturingServer();
        var propagatorBefore = DistributedContextPropagator.Current;
        var generatorBefore = Activity.TraceIdGenerator;

        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Logging.AddMatCarvLogging();
        if (withTracing)
        {
            // The control: the same host with tracing asked for does change them (so this test can fail).
            builder.Services.AddMatCarvObservability();
        }

        builder.Services.Configure<MatCarvObservabilityOptions>(o =>
        {
            o.Output = Stream.Null;
            o.EnvironmentVariables = new Dictionary<string, string?>
            {
                ["POWERTOOLS_SERVICE_NAME"] = "orders",
                ["AWS_XRAY_DAEMON_ADDRESS"] = collector.Address,
            };
        });
        var host = builder.Build();
        await host.StartAsync();
        try
        {
            Assert.Equal(withTracing, host.Services.GetServices<ITelemetryStartup>().OfType<XRayExporter>().Any());
            Assert.Equal(withTracing, host.Services.GetServices<ITelemetryStartup>().OfType<MeterBridge>().Any());
            Assert.Equal(!withTracing, ReferenceEquals(propagatorBefore, DistributedContextPropagator.Current));
            Assert.Equal(!withTracing, ReferenceEquals(generatorBefore, Activity.TraceIdGenerator));

            using var client = new HttpClient();
            using (var response = await client.GetAsync(server.Uri))
            {
                response.EnsureSuccessStatusCode();
            }

            var headers = await server.FirstRequestHeaders;
            Assert.Equal(withTracing, headers.ContainsKey("X-Amzn-Trace-Id"));
            foreach (var flusher in host.Services.GetServices<ITelemetryFlusher>())
            {
                await flusher.FlushAsync(CancellationToken.None);
            }

            var received = await collector.WaitForAsync(r => !withTracing || r.Count > 0);
            if (!withTracing)
            {
                // Not a timing assertion: the flush above would have sent a datagram had there been a span.
                await Task.Delay(200);
                received = collector.Received;
            }

            Assert.Equal(withTracing, received.Count > 0);
        }
        finally
        {
            await host.StopAsync();
            host.Dispose();
        }

        // Disposing the pipeline puts back what it replaced.
        Assert.Same(propagatorBefore, DistributedContextPropagator.Current);
        Assert.Same(generatorBefore, Activity.TraceIdGenerator);
    }
}
