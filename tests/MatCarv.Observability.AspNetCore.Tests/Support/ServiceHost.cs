using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using System.Text.Json;
using MatCarv.Observability.AspNetCore;
using MatCarv.Observability.Tests.Tracing.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace MatCarv.Observability.AspNetCore.Tests.Support;

/// <summary>
/// A real ASP.NET Core app on Kestrel (127.0.0.1, port chosen by the OS) with MatCarv observability: stdout goes to a
/// MemoryStream, X-Ray datagrams to a real UDP collector, environment variables come from a dictionary.
/// </summary>
internal sealed class ServiceHost : IAsyncDisposable
{
    private readonly MemoryStream _output = new();
    private readonly ActivityListener _listener;
    private readonly ConcurrentQueue<Activity> _stopped;

    private ServiceHost(WebApplication app, UdpCollector collector, ActivityListener listener, ConcurrentQueue<Activity> stopped)
    {
        App = app;
        Collector = collector;
        _listener = listener;
        _stopped = stopped;
    }

    public WebApplication App { get; }

    public UdpCollector Collector { get; }

    public HttpClient Client { get; private set; } = null!;

    /// <summary>The request activities this host stopped (its own "Microsoft.AspNetCore" ActivitySource instance).</summary>
    public IReadOnlyList<Activity> RequestActivities => _stopped.ToList();

    public static async Task<ServiceHost> StartAsync(
        Action<WebApplication> map,
        Dictionary<string, string?>? environment = null,
        Action<MatCarvAspNetCoreOptions>? aspNetCore = null,
        bool withAspNetCore = true)
    {
        var collector = new UdpCollector();
        var env = environment ?? [];
        env["AWS_XRAY_DAEMON_ADDRESS"] = collector.Address;
        env.TryAdd("POWERTOOLS_SERVICE_NAME", "inventory-api");

        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        ServiceHost host;
        var stdout = new MemoryStream();
        var observability = builder.Services.AddMatCarvObservability(o =>
            {
                o.Output = stdout;
                o.EnvironmentVariables = env;
                o.OutputFlushInterval = TimeSpan.FromHours(1);
            })
            .WithTracing(t =>
            {
                t.SamplingRate = 1;
                t.TraceHttpClient = false;
                t.TraceAwsSdk = false;
            });
        if (withAspNetCore)
        {
            observability.WithAspNetCore(aspNetCore);
        }

        var app = builder.Build();
        map(app);

        // Captures this host's request activities: each host has its own ActivitySource instance, so parallel tests' hosts
        // stay apart.
        var source = app.Services.GetRequiredService<ActivitySource>();
        var stopped = new ConcurrentQueue<Activity>();
        var listener = new ActivityListener
        {
            ShouldListenTo = s => ReferenceEquals(s, source),
            ActivityStopped = stopped.Enqueue,
        };
        host = new ServiceHost(app, collector, listener, stopped) { OutputStream = stdout };
        ActivitySource.AddActivityListener(listener);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        host.Client = new HttpClient { BaseAddress = new Uri(address) };
        return host;
    }

    public MemoryStream OutputStream { get; private init; } = null!;

    /// <summary>Every line written to stdout so far, parsed (as written: without a flush).</summary>
    public List<JsonElement> Lines() =>
        Encoding.UTF8.GetString(OutputStream.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => JsonDocument.Parse(l).RootElement.Clone()).ToList();

    /// <summary>Stops the host (graceful shutdown flushes every signal), then returns every line.</summary>
    public async Task<List<JsonElement>> StopAndReadLinesAsync()
    {
        await StopAsync();
        return Lines();
    }

    private int _stoppedHost;

    private Task StopAsync() => Interlocked.Exchange(ref _stoppedHost, 1) == 0 ? App.StopAsync() : Task.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        Client?.Dispose();
        await StopAsync();
        await App.DisposeAsync();
        _listener.Dispose();
        Collector.Dispose();
    }
}
