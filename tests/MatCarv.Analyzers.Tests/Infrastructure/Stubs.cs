namespace MatCarv.Analyzers.Tests.Infrastructure;

/// <summary>
/// Stand-ins for third-party and MatCarv types, declared in source under their real metadata names (the analyzers
/// recognise types by metadata name only). Amazon.Lambda.Core is not available on the package mirror.
/// </summary>
internal static class Stubs
{
    public const string Source = """
        #nullable enable
        namespace Amazon.Lambda.Core
        {
            public interface ILambdaContext { string AwsRequestId { get; } ILambdaLogger Logger { get; } }
            public interface ILambdaLogger { void LogLine(string message); }
        }
        namespace Amazon.Runtime
        {
            public class AWSCredentials { }
            public class BasicAWSCredentials : AWSCredentials { public BasicAWSCredentials(string accessKey, string secretKey) { } }
        }
        namespace Amazon.EventBridge.Model
        {
            public class PutEventsRequestEntry { public string? Source { get; set; } public string? DetailType { get; set; } }
        }
        namespace Microsoft.Extensions.Logging
        {
            public enum LogLevel { Trace, Debug, Information, Warning, Error, Critical, None }
            public interface ILogger { bool IsEnabled(LogLevel logLevel); }
            public interface ILogger<out T> : ILogger { }
            public static class LoggerExtensions
            {
                public static void LogTrace(this ILogger logger, string? message, params object?[] args) { }
                public static void LogDebug(this ILogger logger, string? message, params object?[] args) { }
                public static void LogInformation(this ILogger logger, string? message, params object?[] args) { }
                public static void LogWarning(this ILogger logger, string? message, params object?[] args) { }
                public static void LogError(this ILogger logger, string? message, params object?[] args) { }
                public static void LogError(this ILogger logger, System.Exception? exception, string? message, params object?[] args) { }
                public static void LogCritical(this ILogger logger, string? message, params object?[] args) { }
                public static void Log(this ILogger logger, LogLevel logLevel, string? message, params object?[] args) { }
                public static System.IDisposable? BeginScope(this ILogger logger, string messageFormat, params object?[] args) => null;
            }
        }
        namespace Microsoft.Extensions.Configuration
        {
            public interface IConfiguration { string? this[string key] { get; set; } IConfigurationSection GetSection(string key); }
            public interface IConfigurationSection : IConfiguration { string Key { get; } }
            public static class ConfigurationBinder
            {
                public static T? GetValue<T>(this IConfiguration configuration, string key) => default;
            }
        }
        namespace MatCarv.Observability.Metrics
        {
            public enum MetricUnit { None = 0, Count, Percent, Seconds, Microseconds, Milliseconds, Bytes }
            public enum MetricResolution { Standard = 60, High = 1 }
            public interface IMetrics
            {
                void AddMetric(string name, double value, MetricUnit unit = MetricUnit.None, MetricResolution resolution = MetricResolution.Standard);
                void AddMetric(string name, double value, MetricUnit unit, MetricResolution resolution, System.ReadOnlySpan<System.Collections.Generic.KeyValuePair<string, string>> dimensions);
                void AddDimension(string key, string value);
                void AddDimensionSet(System.Collections.Generic.IEnumerable<System.Collections.Generic.KeyValuePair<string, string>> dimensions);
                void AddMetadata(string key, string value);
                void PushSingleMetric(string name, double value, MetricUnit unit = MetricUnit.None, MetricResolution resolution = MetricResolution.Standard, System.Collections.Generic.IEnumerable<System.Collections.Generic.KeyValuePair<string, string>>? dimensions = null);
            }
        }
        namespace MatCarv.HealthEvents
        {
            public sealed class HealthEventsOptions { public string? Source { get; set; } public string? EventBusName { get; set; } }
        }
        namespace MatCarv.Observability.Lambda
        {
            public sealed class MatCarvLambda
            {
                public System.Threading.Tasks.Task RunAsync(string requestId, System.Func<System.Threading.Tasks.Task> handler) => handler();
            }
        }
        """;

    /// <summary>Makes a compilation a test project for the analyzers' <c>exclude_test_projects</c> option.</summary>
    public const string Xunit = """
        namespace Xunit { public sealed class FactAttribute : System.Attribute { } }
        """;
}
