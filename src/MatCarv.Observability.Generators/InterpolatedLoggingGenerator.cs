using Microsoft.CodeAnalysis;

namespace MatCarv.Observability.Generators;

/// <summary>
/// Adds the interpolated-logging API (<see cref="InterpolatedLoggingTemplate"/>) to MatCarv.Observability: six handlers and
/// twelve extension methods from one template instead of hand-kept copies. It has no inputs, so it runs once per compilation.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class InterpolatedLoggingGenerator : IIncrementalGenerator
{
    /// <inheritdoc />
    public void Initialize(IncrementalGeneratorInitializationContext context) =>
        context.RegisterPostInitializationOutput(static output =>
        {
            foreach (var level in LogLevel.All)
            {
                output.AddSource(level.Handler + ".g.cs", InterpolatedLoggingTemplate.Handler(level));
            }

            output.AddSource("MatCarvLoggerExtensions.g.cs", InterpolatedLoggingTemplate.Extensions());
        });
}
