using MatCarv.Observability.Extensibility;
using MatCarv.Observability.Hosting;
using MatCarv.Observability.Lambda;
using MatCarv.Observability.Metrics;
using MatCarv.Observability.Tracing;
using MatCarv.Observability.Tracing.Export;
using MatCarv.Observability.Tracing.Otlp;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MatCarv.Observability.Tests.Lambda;

/// <summary>
/// <c>MatCarvLambda.Create</c> composes the signals without a service container (issue 15, cold start: a container and the
/// options machinery were hundreds of JIT-compiled methods per cold start) and keeps what the container-based version did.
/// </summary>
public sealed class ContainerlessCompositionTests
{
    private static readonly Dictionary<string, string?> Environment = new()
    {
        ["AWS_LAMBDA_FUNCTION_NAME"] = "orders-fn",
        ["POWERTOOLS_SERVICE_NAME"] = "orders",
    };

    [Fact]
    public async Task Create_builds_no_service_container()
    {
        IServiceCollection? seen = new ServiceCollection();
        await using var lambda = MatCarvLambda.Create(
            o =>
            {
                o.EnvironmentVariables = Environment;
                o.Output = new MemoryStream();
            },
            b => seen = b.Services);

        Assert.Null(seen);

        // A container answers its own machinery; the composition answers only the telemetry's services.
        Assert.Null(lambda.Services.GetService(typeof(IServiceScopeFactory)));
        Assert.Null(lambda.Services.GetService(typeof(IOptions<MatCarvObservabilityOptions>)));
    }

    [Fact]
    public async Task Services_answer_the_telemetry_services_and_the_added_signals()
    {
        await using var lambda = MatCarvLambda.Create(
            o =>
            {
                o.EnvironmentVariables = Environment;
                o.Output = new MemoryStream();
            },
            b => b.AddSignal(static context => new NamedSignal(context)));

        Assert.Same(lambda.LoggerFactory, lambda.Services.GetRequiredService<ILoggerFactory>());
        Assert.Same(lambda.Metrics, lambda.Services.GetRequiredService<IMetrics>());
        Assert.Same(lambda.Tracer, lambda.Services.GetRequiredService<MatCarvTracer>());
        Assert.NotNull(lambda.Services.GetRequiredService<MatCarvTelemetry>());
        var signal = lambda.Services.GetRequiredService<NamedSignal>();
        Assert.Null(signal.Context.Services);
        Assert.Same(lambda.Services.GetRequiredService<TelemetrySignalContext>(), signal.Context);
    }

    [Fact]
    public async Task Signal_options_are_the_configure_actions_in_order_built_once()
    {
        await using var lambda = MatCarvLambda.Create(
            o =>
            {
                o.EnvironmentVariables = Environment;
                o.Output = new MemoryStream();
            },
            b => b
                .Configure<CountingOptions>(o => o.Trail += "a")
                .AddSignal(static context => new NamedSignal(context))
                .Configure<CountingOptions>(o => o.Trail += "b"));

        var context = lambda.Services.GetRequiredService<NamedSignal>().Context;
        var options = context.GetOptions<CountingOptions>();
        Assert.Equal("ab", options.Trail);
        Assert.Same(options, context.GetOptions<CountingOptions>());
    }

    [Fact]
    public void A_bad_shared_setting_fails_at_start_up_naming_it()
    {
        var error = Assert.Throws<OptionsValidationException>(() => MatCarvLambda.Create(o =>
        {
            o.EnvironmentVariables = Environment;
            o.Output = new MemoryStream();
            o.MaxBufferedOutputBytes = 1024;
        }));
        Assert.Contains("MaxBufferedOutputBytes", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dispose_disposes_the_added_signals()
    {
        var lambda = MatCarvLambda.Create(
            o =>
            {
                o.EnvironmentVariables = Environment;
                o.Output = new MemoryStream();
            },
            b => b.AddSignal(static context => new NamedSignal(context)));
        var signal = lambda.Services.GetRequiredService<NamedSignal>();

        await lambda.DisposeAsync();

        Assert.True(signal.Disposed);
    }

    [Fact]
    public async Task Only_the_trace_exporter_in_use_is_built()
    {
        // Default destination (the X-Ray daemon): the UDP exporter, no OTLP exporter object at all (cold start: nothing is
        // built or type-loaded for a destination that is not used).
        await using (var lambda = MatCarvLambda.Create(o =>
        {
            o.EnvironmentVariables = Environment;
            o.Output = new MemoryStream();
        }))
        {
            Assert.NotNull(lambda.Services.GetService(typeof(XRayExporter)));
            Assert.Null(lambda.Services.GetService(typeof(OtlpExporter)));
        }

        await using (var lambda = MatCarvLambda.Create(
            o =>
            {
                o.EnvironmentVariables = Environment;
                o.Output = new MemoryStream();
            },
            b => b.WithTracing(t =>
            {
                t.Destination = TraceDestination.Otlp;
                t.OtlpEndpoint = "http://127.0.0.1:9/v1/traces";
            })))
        {
            Assert.NotNull(lambda.Services.GetService(typeof(OtlpExporter)));
            Assert.Null(lambda.Services.GetService(typeof(XRayExporter)));
        }

        await using (var lambda = MatCarvLambda.Create(
            o =>
            {
                o.EnvironmentVariables = Environment;
                o.Output = new MemoryStream();
            },
            b => b.WithTracing(t => t.Enabled = false)))
        {
            Assert.Null(lambda.Services.GetService(typeof(XRayExporter)));
            Assert.Null(lambda.Services.GetService(typeof(OtlpExporter)));

            // Tracing off: an invocation opens no span and still works.
            await using (lambda.BeginInvocation(new LambdaInvocation("r-1", "arn:aws:lambda:us-east-1:123456789012:function:orders-fn")))
            {
                Assert.Null(System.Diagnostics.Activity.Current);
            }
        }
    }

    [Fact]
    public async Task A_bad_tracing_setting_still_fails_at_create_naming_it_when_tracing_builds_no_exporter()
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(async () =>
        {
            await using var lambda = MatCarvLambda.Create(
                o =>
                {
                    o.EnvironmentVariables = Environment;
                    o.Output = new MemoryStream();
                },
                b => b.WithTracing(t =>
                {
                    t.Destination = TraceDestination.Otlp;
                    t.OtlpEndpoint = "not a url";
                }));
        });
        Assert.Contains("OtlpEndpoint", error.Message, StringComparison.Ordinal);
    }

    public sealed class CountingOptions
    {
        public string Trail { get; set; } = "";
    }

    public sealed class NamedSignal(TelemetrySignalContext context) : TelemetrySignal
    {
        public TelemetrySignalContext Context { get; } = context;

        public bool Disposed { get; private set; }

        public override string Name => "named";

        protected override void Dispose(bool disposing) => Disposed = true;
    }
}
