namespace MatCarv.Observability.Logging.Interpolation;

/// <summary>
/// The state passed through <c>ILogger.Log&lt;TState&gt;</c> by the interpolated-string extensions: a struct, so MEL's
/// generic pipeline carries it to our provider without boxing. Other providers get the rendered message from the formatter.
/// </summary>
internal readonly struct InterpolatedLogState
{
    public static readonly Func<InterpolatedLogState, Exception?, string> Formatter = static (state, _) => state.Entry.RenderToString();

    public InterpolatedLogState(InterpolatedEntry entry) => Entry = entry;

    public InterpolatedEntry Entry { get; }

    public override string ToString() => Entry.RenderToString();
}
