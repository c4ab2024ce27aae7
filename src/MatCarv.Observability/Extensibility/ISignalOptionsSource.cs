namespace MatCarv.Observability.Extensibility;

/// <summary>Where <see cref="TelemetrySignalContext.GetOptions{TOptions}"/> comes from: the container's options in a host, the builder's recorded actions without one.</summary>
internal interface ISignalOptionsSource
{
    TOptions Get<TOptions>()
        where TOptions : class, new();
}
