using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace MatCarv.Observability.Logging;

/// <summary>One category's logger: checks the level first, then hands the entry to the pipeline.</summary>
internal sealed class MatCarvLogger : ILogger
{
    private readonly LoggingPipeline _pipeline;
    private readonly JsonEncodedText _category;

    public MatCarvLogger(LoggingPipeline pipeline, string category)
    {
        _pipeline = pipeline;
        _category = JsonEncodedText.Encode(TextSanitizer.Sanitize(category), JavaScriptEncoder.UnsafeRelaxedJsonEscaping);
    }

    public bool IsEnabled(LogLevel logLevel) => _pipeline.IsEnabled(logLevel);

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (!_pipeline.IsEnabled(logLevel))
        {
            return;
        }

        _pipeline.Log(_category, logLevel, state, exception, formatter);
    }

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => _pipeline.ScopeProvider?.Push(state);
}
