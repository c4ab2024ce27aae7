using MatCarv.Observability.AspNetCore;
using MatCarv.Observability.AspNetCore.Hosting;
using MatCarv.Observability.AspNetCore.Http;
using MatCarv.Observability.AspNetCore.Lambda;
using MatCarv.Observability.Hosting;
using MatCarv.Observability.Tracing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>The ASP.NET Core integration of MatCarv observability.</summary>
public static class AspNetCoreObservabilityBuilderExtensions
{
    /// <summary>
    /// Tags every request's activity with the HTTP semantic conventions (X-Ray request segments get their <c>http</c> block:
    /// method, URL, status, client address, user agent; the route names the span), and, when the process runs in AWS Lambda,
    /// treats each request as an invocation: its own scope (request id, cold start, trace header, correlation id, log
    /// buffer, a subsegment under the function's facade) and a flush of every signal before the response completes. One line:
    /// <code>builder.Services.AddMatCarvObservability(…).WithAspNetCore();</code>
    /// </summary>
    /// <param name="builder">The observability builder of a host.</param>
    /// <param name="configure">Settings.</param>
    /// <returns>The builder.</returns>
    public static MatCarvObservabilityBuilder WithAspNetCore(this MatCarvObservabilityBuilder builder, Action<MatCarvAspNetCoreOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services
            ?? throw new InvalidOperationException("WithAspNetCore needs a host: call it on builder.Services.AddMatCarvObservability(), not in MatCarvLambda.Create.");

        // MatCarv:AspNetCore when the telemetry is configured from IConfiguration; bound before any code action.
        builder.BindConfiguration<MatCarvAspNetCoreOptions>(AspNetCoreConfiguration.SectionKey, AspNetCoreConfiguration.Bind);
        if (configure is not null)
        {
            builder.Configure(configure);
        }

        builder.AddSignal(static context => new LambdaRequestsSignal(context));
        services.TryAddSingleton<HttpServerSpanTagger>();
        services.TryAddEnumerable(ServiceDescriptor.Transient<IStartupFilter, AspNetCoreStartupFilter>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IPostConfigureOptions<MatCarvTracingOptions>, LambdaTracingOptionsSetup>());
        return builder;
    }
}
