using System.Diagnostics;
using MatCarv.Observability.Tracing.CloudWatchLogs;
using MatCarv.Observability.Tracing.Export;
using MatCarv.Observability.Tracing.Otlp;
using MatCarv.Observability.Tracing.Lambda;
using MatCarv.Observability.Tracing.Propagation;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace MatCarv.Observability.Tracing;

/// <summary>Registers the tracing signal's services; called by <c>AddMatCarvObservability</c>.</summary>
internal static class TracingRegistration
{
    public static void AddTracingSignal(IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        if (services.Any(d => d.ServiceType == typeof(XRayPropagator)))
        {
            // Already registered: wrapping the propagator again would nest ours in itself.
            return;
        }

        services.AddOptions<MatCarvTracingOptions>().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<MatCarvTracingOptions>, TracingOptionsValidation>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IStartupValidation, TracingOptionsValidation>());
        services.TryAddSingleton<TracingSettings>();
        services.TryAddSingleton(sp => new MatCarvTracer(sp.GetRequiredService<TracingSettings>()));

        // ASP.NET Core hosting resolves DistributedContextPropagator from the service collection (registered as the process-wide
        // one when the host builder is created); wrap whatever is there so incoming X-Amzn-Trace-Id headers continue the trace.
        var existing = services.LastOrDefault(d => d.ServiceType == typeof(DistributedContextPropagator));
        var inner = existing?.ImplementationInstance as DistributedContextPropagator;
        services.RemoveAll<DistributedContextPropagator>();
        services.AddSingleton(sp => new XRayPropagator(sp.GetRequiredService<TracingSettings>(), inner ?? DistributedContextPropagator.Current));
        services.AddSingleton<DistributedContextPropagator>(sp => sp.GetRequiredService<XRayPropagator>());

        services.TryAddSingleton<TracingProcessState>();
        services.TryAddSingleton(sp => sp.GetRequiredService<TracingSettings>().LogGroups);
        services.TryAddSingleton<XRayExporter>();
        services.TryAddSingleton<OtlpExporter>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ITelemetryStartup, OtlpExporter>(sp => sp.GetRequiredService<OtlpExporter>()));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ITelemetryFlusher, OtlpExporter>(sp => sp.GetRequiredService<OtlpExporter>()));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ITelemetryStartup, XRayExporter>(sp => sp.GetRequiredService<XRayExporter>()));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ITelemetryFlusher, XRayExporter>(sp => sp.GetRequiredService<XRayExporter>()));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IInvocationListener, TracingInvocationListener>());
    }
}
