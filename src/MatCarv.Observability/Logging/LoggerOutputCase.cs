namespace MatCarv.Observability.Logging;

/// <summary>The casing of the keys of a log line (<c>POWERTOOLS_LOGGER_CASE</c>).</summary>
public enum LoggerOutputCase
{
    /// <summary><c>function_request_id</c> (the Powertools default).</summary>
    SnakeCase,

    /// <summary><c>functionRequestId</c>.</summary>
    CamelCase,

    /// <summary><c>FunctionRequestId</c>.</summary>
    PascalCase,
}
