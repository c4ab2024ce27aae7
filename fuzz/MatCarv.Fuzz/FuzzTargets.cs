using MatCarv.Fuzz.Targets;

namespace MatCarv.Fuzz;

/// <summary>Every target, one per parser or serialiser that takes outside input.</summary>
public static class FuzzTargets
{
    public static IReadOnlyList<IFuzzTarget> All { get; } =
    [
        new XRayHeaderTarget(),
        new TraceContextTarget(),
        new EmfTarget(),
        new LogTemplateTarget(),
        new HealthEventTarget(),
    ];
}
