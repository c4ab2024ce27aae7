using System.Diagnostics;
using MatCarv.Observability;
using MatCarv.Observability.Tests.Tracing.Support;
using MatCarv.Observability.Tracing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using OpenTelemetry;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace MatCarv.OpenTelemetry.Tests.Tracing;

/// <summary>MatCarv's X-Ray exporter inside a real OpenTelemetry <c>TracerProvider</c>, sending to a real UDP receiver.</summary>
public sealed partial class XRayExporterTests
{
    private static readonly Dictionary<string, string?> Environment = new() { ["POWERTOOLS_SERVICE_NAME"] = "orders", ["MATCARV_SERVICE_VERSION"] = "2.0.1" };

    [Fact]
    public async Task The_same_activities_give_the_same_documents_through_OpenTelemetry_as_through_our_own_pipeline()
    {
        using var ours = new UdpCollector();
        using var theirs = new UdpCollector();
        using var source = new ActivitySource("Tests.OTel." + Guid.NewGuid().ToString("N"));

        // Our own pipeline, every trace sampled, on the same source.
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Services.AddMatCarvObservability(o =>
        {
            o.EnvironmentVariables = Environment;
            o.Output = Stream.Null;
        }).WithTracing(o =>
        {
            o.DaemonAddress = ours.Address;
            o.SamplingFixedTarget = 0;
            o.SamplingRate = 1;
            o.Sources.Add(source.Name);
            o.TraceHttpClient = false;
            o.TraceAspNetCore = false;
            o.TraceAwsSdk = false;
            o.AnnotationTags.Add("customer");
        });
        using var host = builder.Build();
        await host.StartAsync();

        // OpenTelemetry with our exporter.
        using (var otel = Sdk.CreateTracerProviderBuilder()
            .AddSource(source.Name)
            .AddMatCarvXRayExporter(
                t =>
                {
                    t.DaemonAddress = theirs.Address;
                    t.AnnotationTags.Add("customer");
                },
                s =>
                {
                    s.EnvironmentVariables = Environment;
                    s.Output = Stream.Null;
                })
            .Build()!)
        {
            var ids = new List<string>();
            for (int i = 0; i < 20; i++)
            {
                using var root = source.StartActivity("GET /orders/{id}", ActivityKind.Server)!;
                root.SetTag("http.request.method", "GET");
                root.SetTag("url.path", "/orders/" + i);
                root.SetTag("http.response.status_code", i % 5 == 0 ? 500 : 200);
                root.SetTag("customer", "c-" + i);
                ids.Add(root.SpanId.ToHexString());
                using (var call = source.StartActivity("GET", ActivityKind.Client)!)
                {
                    call.SetTag("http.request.method", "GET");
                    call.SetTag("server.address", "payments.internal");
                    call.SetTag("url.full", "https://payments.internal/charge");
                    call.SetTag("http.response.status_code", 429);
                }

                using (var work = source.StartActivity("render")!)
                {
                    work.AddException(new InvalidOperationException("boom " + i));
                    work.SetStatus(ActivityStatusCode.Error, "boom " + i);
                }
            }

            otel.ForceFlush();
            await host.StopAsync(); // flushes every signal (public lifecycle, no internals)

            static bool AllRoots(IReadOnlyList<XRayDatagram> received, List<string> ids) => ids.All(id => received.Any(d => d.Id == id));
            var fromOurs = await ours.WaitForAsync(r => AllRoots(r, ids));
            var fromTheirs = await theirs.WaitForAsync(r => AllRoots(r, ids));
            XRaySchema.AssertDatagrams(fromTheirs);

            // Same activities, same writer, same settings: byte-identical datagrams (order aside), except the exception ids,
            // which X-Ray documents as random per exception record and the writer draws afresh each time.
            static List<string> Normalised(IEnumerable<XRayDatagram> datagrams) => datagrams
                .Select(d => ExceptionId().Replace(System.Text.Encoding.UTF8.GetString(d.Bytes), "\"exceptions\":[{\"id\":\"x\""))
                .OrderBy(s => s, StringComparer.Ordinal).ToList();
            Assert.Equal(20, fromTheirs.Count);
            Assert.Equal(Normalised(fromOurs), Normalised(fromTheirs));
            var segment = fromTheirs[0].Body;
            Assert.Equal("orders", segment.GetProperty("name").GetString());
            Assert.Equal(2, segment.GetProperty("subsegments").GetArrayLength());
        }
    }

    [Fact]
    public void Invalid_settings_throw_when_the_provider_is_built_naming_the_setting()
    {
        var ex = Assert.Throws<OptionsValidationException>(() => Sdk.CreateTracerProviderBuilder()
            .AddMatCarvXRayExporter(t => t.DaemonAddress = "not an address", s => s.Output = Stream.Null)
            .Build());
        Assert.Contains("DaemonAddress", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Invalid_shared_settings_throw_when_the_provider_is_built_naming_the_setting()
    {
        var ex = Assert.Throws<OptionsValidationException>(() => Sdk.CreateTracerProviderBuilder()
            .AddMatCarvXRayExporter(configureShared: s =>
            {
                s.Output = Stream.Null;
                s.OutputFlushInterval = TimeSpan.Zero;
            })
            .Build());
        Assert.Contains("MatCarv:OutputFlushInterval", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Only_what_the_OpenTelemetry_sampler_records_reaches_XRay()
    {
        using var collector = new UdpCollector();
        using var source = new ActivitySource("Tests.OTel." + Guid.NewGuid().ToString("N"));
        using var otel = Sdk.CreateTracerProviderBuilder()
            .AddSource(source.Name)
            .SetSampler(new ParentBasedSampler(new EveryOther()))
            .AddMatCarvXRayExporter(t => t.DaemonAddress = collector.Address, s =>
            {
                s.EnvironmentVariables = Environment;
                s.Output = Stream.Null;
            })
            .Build()!;
        var recorded = new List<string>();
        for (int i = 0; i < 10; i++)
        {
            using var root = source.StartActivity("job")!;
            using (source.StartActivity("step"))
            {
            }

            if (root.Recorded)
            {
                recorded.Add(root.SpanId.ToHexString());
            }
        }

        otel.ForceFlush();
        var received = await collector.WaitForAsync(r => r.Count >= recorded.Count);
        await Task.Delay(200);
        Assert.Equal(5, recorded.Count);
        Assert.Equal(recorded.OrderBy(s => s), collector.Received.Select(d => d.Id).OrderBy(s => s));
        Assert.All(collector.Received, d => Assert.Equal(1, d.Body.GetProperty("subsegments").GetArrayLength()));
    }

    [Fact]
    public async Task Trace_ids_are_XRay_trace_ids_while_the_provider_lives_and_the_generator_is_put_back()
    {
        using var collector = new UdpCollector();
        using var source = new ActivitySource("Tests.OTel." + Guid.NewGuid().ToString("N"));
        var before = Activity.TraceIdGenerator;
        string traceId;
        using (var otel = Sdk.CreateTracerProviderBuilder()
            .AddSource(source.Name)
            .AddMatCarvXRayExporter(t => t.DaemonAddress = collector.Address, Quiet)
            .Build()!)
        {
            Assert.NotSame(before, Activity.TraceIdGenerator);
            using (var root = source.StartActivity("job")!)
            {
                traceId = root.TraceId.ToHexString();
            }

            otel.ForceFlush();
        }

        Assert.Same(before, Activity.TraceIdGenerator);

        // X-Ray: the first 8 hex digits are the epoch second of the trace's start; random W3C ids are rejected.
        long seconds = Convert.ToInt64(traceId[..8], 16);
        Assert.InRange(seconds, TimeProvider.System.GetUtcNow().ToUnixTimeSeconds() - 60, TimeProvider.System.GetUtcNow().ToUnixTimeSeconds() + 5);
        var received = await collector.WaitForAsync(r => r.Count >= 1);
        Assert.Equal("1-" + traceId[..8] + "-" + traceId[8..], Assert.Single(received).TraceId);

        // Opting out leaves the generator alone.
        using (Sdk.CreateTracerProviderBuilder()
            .AddSource(source.Name)
            .AddMatCarvXRayExporter(t => { t.DaemonAddress = collector.Address; t.UseXRayTraceIds = false; }, Quiet)
            .Build())
        {
            Assert.Same(before, Activity.TraceIdGenerator);
        }
    }

    [Fact]
    public async Task Segments_take_the_service_name_of_the_OpenTelemetry_resource_unless_MatCarv_names_the_service()
    {
        using var collector = new UdpCollector();
        using var source = new ActivitySource("Tests.OTel." + Guid.NewGuid().ToString("N"));

        async Task<string> SegmentName(Dictionary<string, string?> environment, Action<MatCarvObservabilityOptions>? shared = null)
        {
            using var otel = Sdk.CreateTracerProviderBuilder()
                .AddSource(source.Name)
                .ConfigureResource(r => r.AddService("checkout"))
                .AddMatCarvXRayExporter(t => t.DaemonAddress = collector.Address, s =>
                {
                    s.EnvironmentVariables = environment;
                    s.Output = Stream.Null;
                    shared?.Invoke(s);
                })
                .Build()!;
            string id;
            using (var root = source.StartActivity("job")!)
            {
                id = root.SpanId.ToHexString();
            }

            otel.ForceFlush();
            var received = await collector.WaitForAsync(r => r.Any(d => d.Id == id));
            var segment = received.Single(d => d.Id == id);
            XRaySchema.AssertDatagrams([segment]);
            return segment.Body.GetProperty("name").GetString()!;
        }

        Assert.Equal("checkout", await SegmentName([]));
        Assert.Equal("orders", await SegmentName(new() { ["POWERTOOLS_SERVICE_NAME"] = "orders" }));
        Assert.Equal("billing", await SegmentName([], s => s.ServiceName = "billing"));
    }

    [Fact]
    public async Task OpenTelemetry_OTLP_variables_configure_OpenTelemetry_not_this_exporter()
    {
        // An OpenTelemetry service commonly sets these for its own OTLP exporter; MatCarv's tracing would read them as its
        // destination (and reject grpc). The X-Ray exporter sends to the daemon whatever they say.
        using var collector = new UdpCollector();
        using var source = new ActivitySource("Tests.OTel." + Guid.NewGuid().ToString("N"));
        var environment = new Dictionary<string, string?>(Environment)
        {
            ["OTEL_TRACES_EXPORTER"] = "otlp",
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "grpc",
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = "not a url",
        };
        using var otel = Sdk.CreateTracerProviderBuilder()
            .AddSource(source.Name)
            .AddMatCarvXRayExporter(t => t.DaemonAddress = collector.Address, s =>
            {
                s.EnvironmentVariables = environment;
                s.Output = Stream.Null;
            })
            .Build()!;
        string id;
        using (var root = source.StartActivity("job")!)
        {
            id = root.SpanId.ToHexString();
        }

        otel.ForceFlush();
        var received = await collector.WaitForAsync(r => r.Any(d => d.Id == id));
        XRaySchema.AssertDatagrams(received);
    }

    [Fact]
    public async Task Spans_waiting_for_a_root_that_never_ends_are_sent_when_the_provider_shuts_down()
    {
        using var collector = new UdpCollector();
        using var source = new ActivitySource("Tests.OTel." + Guid.NewGuid().ToString("N"));
        var otel = Sdk.CreateTracerProviderBuilder()
            .AddSource(source.Name)
            .AddMatCarvXRayExporter(t => t.DaemonAddress = collector.Address, Quiet)
            .Build()!;
        var root = source.StartActivity("long job")!;
        string child;
        using (var step = source.StartActivity("step")!)
        {
            child = step.SpanId.ToHexString();
        }

        otel.ForceFlush();
        otel.Dispose();
        root.Dispose();

        // The child goes as a subsegment document of its (still open) parent: X-Ray shows it once the root arrives.
        var received = await collector.WaitForAsync(r => r.Any(d => d.Id == child));
        var document = received.Single(d => d.Id == child);
        Assert.True(document.IsSubsegmentDocument);
        Assert.Equal(root.SpanId.ToHexString(), document.Body.GetProperty("parent_id").GetString());
        XRaySchema.AssertDatagrams(received);
    }

    private static void Quiet(MatCarvObservabilityOptions shared)
    {
        shared.EnvironmentVariables = Environment;
        shared.Output = Stream.Null;
    }

    [System.Text.RegularExpressions.GeneratedRegex("\"exceptions\":\\[\\{\"id\":\"[0-9a-f]{16}\"")]
    private static partial System.Text.RegularExpressions.Regex ExceptionId();

    private sealed class EveryOther : Sampler
    {
        private int _count;

        public override SamplingResult ShouldSample(in SamplingParameters samplingParameters) => new(Interlocked.Increment(ref _count) % 2 == 0);
    }
}
