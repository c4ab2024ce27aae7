using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MatCarv.Observability.Logging;

/// <summary>
/// MEL's own filter would stop Debug entries before they reach us (<c>AddLogging</c> defaults to Information), which would
/// break <c>POWERTOOLS_LOG_LEVEL=Debug</c>, sampling and buffering. So our provider gets its own default rule at the lowest
/// level it can use, and every category rule of the configuration (<c>Logging:LogLevel:Microsoft.AspNetCore</c>) is copied
/// for it, so per-category settings keep working. Provider-specific rules (<c>Logging:MatCarv:LogLevel:…</c>) win as usual.
/// </summary>
internal sealed class LoggerFilterConfiguration : IPostConfigureOptions<LoggerFilterOptions>
{
    private readonly LoggingPipeline _pipeline;

    public LoggerFilterConfiguration(LoggingPipeline pipeline) => _pipeline = pipeline;

    public void PostConfigure(string? name, LoggerFilterOptions options)
    {
        var providerType = typeof(MatCarvLoggerProvider).FullName;
        bool IsOurs(LoggerFilterRule rule) =>
            string.Equals(rule.ProviderName, MatCarvLoggerProvider.Alias, StringComparison.Ordinal)
            || string.Equals(rule.ProviderName, providerType, StringComparison.Ordinal);

        var rules = options.Rules;
        bool hasOwnDefault = rules.Any(r => IsOurs(r) && r.CategoryName is null);
        var copies = rules
            .Where(r => r.ProviderName is null && r.CategoryName is not null && !rules.Any(o => IsOurs(o) && o.CategoryName == r.CategoryName))
            .Select(r => new LoggerFilterRule(MatCarvLoggerProvider.Alias, r.CategoryName, r.LogLevel, r.Filter))
            .ToList();
        foreach (var copy in copies)
        {
            rules.Add(copy);
        }

        if (!hasOwnDefault)
        {
            rules.Add(new LoggerFilterRule(MatCarvLoggerProvider.Alias, null, _pipeline.Settings.Floor, null));
        }
    }
}
