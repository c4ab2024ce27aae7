using System.Diagnostics;
using MatCarv.Observability.AspNetCore.Http;
using MatCarv.Observability.AspNetCore.Lambda;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace MatCarv.Observability.AspNetCore.Hosting;

/// <summary>
/// Runs while ASP.NET Core builds the request pipeline, before the server accepts a request: subscribes the span tagger
/// to this host's own <see cref="DiagnosticListener"/> (a per-host instance, so hosts in one process stay apart) and, when
/// requests are Lambda invocations, puts the invocation middleware first in the pipeline.
/// </summary>
internal sealed class AspNetCoreStartupFilter : IStartupFilter
{
    private readonly IOptions<MatCarvAspNetCoreOptions> _options;
    private readonly HttpServerSpanTagger _tagger;

    public AspNetCoreStartupFilter(IOptions<MatCarvAspNetCoreOptions> options, HttpServerSpanTagger tagger)
    {
        _options = options;
        _tagger = tagger;
    }

    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        var options = _options.Value;
        if (options.TagRequestActivities && app.ApplicationServices.GetService<DiagnosticListener>() is { Name: HttpServerSpanTagger.ListenerName } listener)
        {
            _tagger.Subscribe(listener);
        }

        var requests = app.ApplicationServices.GetRequiredService<LambdaRequestsSignal>();
        if (requests.RequestsAreInvocations)
        {
            var middleware = new LambdaInvocationMiddleware(
                app.ApplicationServices.GetRequiredService<MatCarvTelemetry>(),
                new LambdaRequestFacts(requests.Invocation, requests.TimeProvider, requests),
                options.TagRequestActivities ? _tagger : null);
            app.Use(middleware.Wrap);
        }

        next(app);
    };
}
