using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace MatCarv.Observability.Logging;

/// <summary>
/// The <see cref="ILoggerProvider"/> that writes Powertools-schema JSON lines. Scopes come from the factory's
/// <see cref="IExternalScopeProvider"/> (<see cref="ISupportExternalScope"/>), so <c>BeginScope</c> on any logger reaches us.
/// </summary>
[ProviderAlias(Alias)]
internal sealed class MatCarvLoggerProvider : ILoggerProvider, ISupportExternalScope
{
    /// <summary>The provider name in configuration: <c>Logging:MatCarv:LogLevel:…</c>.</summary>
    public const string Alias = "MatCarv";

    private readonly LoggingPipeline _pipeline;
    private readonly ConcurrentDictionary<string, MatCarvLogger> _loggers = new(StringComparer.Ordinal);

    public MatCarvLoggerProvider(LoggingPipeline pipeline)
    {
        _pipeline = pipeline;
        _pipeline.ScopeProvider ??= new LoggerExternalScopeProvider();
    }

    public ILogger CreateLogger(string categoryName) =>
        _loggers.GetOrAdd(categoryName ?? string.Empty, static (name, pipeline) => new MatCarvLogger(pipeline, name), _pipeline);

    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _pipeline.ScopeProvider = scopeProvider;

    public void Dispose()
    {
        // The pipeline belongs to the telemetry runtime, which flushes stdout at shutdown.
    }
}
