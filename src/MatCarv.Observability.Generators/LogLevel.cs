namespace MatCarv.Observability.Generators;

/// <summary>One log level as the interpolated-logging API names it.</summary>
internal sealed class LogLevel
{
    /// <summary>Every level that can be written, in MEL's order (None is not a level one logs at).</summary>
    public static readonly LogLevel[] All =
    [
        new("Trace", "Trace"),
        new("Debug", "Debug"),
        new("Information", "Info"),
        new("Warning", "Warn"),
        new("Error", "Error"),
        new("Critical", "Critical"),
    ];

    private LogLevel(string name, string method)
    {
        Name = name;
        Method = method;
    }

    /// <summary>The <c>Microsoft.Extensions.Logging.LogLevel</c> member.</summary>
    public string Name { get; }

    /// <summary>The extension method (<c>logger.Info($"…")</c>: short, like ZLogger's and Powertools' names).</summary>
    public string Method { get; }

    /// <summary>The interpolated string handler type of this level.</summary>
    public string Handler => "MatCarv" + Name + "LogHandler";
}
