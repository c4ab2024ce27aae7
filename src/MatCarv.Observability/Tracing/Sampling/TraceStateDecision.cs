using System.Diagnostics;

namespace MatCarv.Observability.Tracing.Sampling;

/// <summary>
/// Our X-Ray sampling decision, carried with the trace in its W3C <c>tracestate</c> as the list member <c>matcarv=s:1</c>
/// (sampled) or <c>matcarv=s:0</c>. <see cref="ActivitySource"/> records an activity when any listener asks for it (the
/// highest result wins), so <see cref="Activity.Recorded"/> is the union of every tracer's decision; an OpenTelemetry
/// <c>TracerProvider</c> with its default sampler would make it always true. The tracestate entry keeps ours apart: children
/// inherit it from their parent without any work of ours (the runtime copies the parent's trace state), other processes get
/// it in the <c>tracestate</c> header, and reading it back at stop is a reference comparison for traces decided here.
/// Measured against a per-trace table and a flag on the root: <c>benchmarks/MatCarv.Benchmarks/OpenTelemetry/</c>.
/// </summary>
internal static class TraceStateDecision
{
    /// <summary>The tracestate key (W3C simple-key: lower-case letters).</summary>
    public const string Key = "matcarv";

    /// <summary>The whole tracestate of a trace sampled here with no other vendor entry (the common case, compared by reference).</summary>
    public const string Sampled = "matcarv=s:1";

    /// <summary>The whole tracestate of a trace not sampled here with no other vendor entry.</summary>
    public const string NotSampled = "matcarv=s:0";

    /// <summary>W3C trace context: at most 32 list members.</summary>
    public const int MaxMembers = 32;

    /// <summary>Our decision as written in <paramref name="traceState"/>, or null when it carries none.</summary>
    public static bool? Read(string? traceState)
    {
        if (traceState is null)
        {
            return null;
        }

        if (ReferenceEquals(traceState, Sampled))
        {
            return true;
        }

        if (ReferenceEquals(traceState, NotSampled))
        {
            return false;
        }

        return ReadSlow(traceState);
    }

    /// <summary>Whether <paramref name="activity"/> belongs to a trace our sampler chose; <see cref="Activity.Recorded"/> when no decision is attached.</summary>
    public static bool IsSampled(Activity activity) => Read(activity.TraceStateString) ?? activity.Recorded;

    /// <summary>
    /// <paramref name="traceState"/> with our entry set to <paramref name="sampled"/> and moved to the front (W3C: a vendor that
    /// updates its entry moves it to the left); other vendors' entries are kept, the right-most dropped beyond 32 members.
    /// </summary>
    public static string With(string? traceState, bool sampled)
    {
        var own = sampled ? Sampled : NotSampled;
        if (string.IsNullOrEmpty(traceState) || ReferenceEquals(traceState, Sampled) || ReferenceEquals(traceState, NotSampled))
        {
            return own;
        }

        if (traceState.StartsWith(own, StringComparison.Ordinal)
            && (traceState.Length == own.Length || (traceState[own.Length] == ',' && IsPlainTail(traceState.AsSpan(own.Length + 1)))))
        {
            // Already ours and first: keep the string (no allocation for every remote child of a MatCarv upstream).
            return traceState;
        }

        var others = new List<string>(4);
        var rest = traceState.AsSpan();
        while (NextMember(ref rest, out var member))
        {
            if (member.IsEmpty || IsOwn(member))
            {
                continue;
            }

            if (others.Count == MaxMembers - 1)
            {
                break;
            }

            others.Add(member.ToString());
        }

        return others.Count == 0 ? own : own + "," + string.Join(',', others);
    }

    /// <summary>
    /// The members after ours carry no second entry of ours and stay within 32 members in all, so the string can be kept as
    /// it is (an incoming <c>matcarv=s:1,matcarv=s:0,…</c> was passed on with our key twice and beyond 32 members; found by
    /// the tracestate property of issue 10's fuzzing).
    /// </summary>
    private static bool IsPlainTail(ReadOnlySpan<char> tail) =>
        !tail.Contains(Key.AsSpan(), StringComparison.Ordinal) && tail.Count(',') < MaxMembers - 1;

    private static bool? ReadSlow(string traceState)
    {
        var rest = traceState.AsSpan();
        while (NextMember(ref rest, out var member))
        {
            if (IsOwn(member))
            {
                var value = member[(Key.Length + 1)..].Trim(" \t");
                if (value.SequenceEqual("s:1"))
                {
                    return true;
                }

                if (value.SequenceEqual("s:0"))
                {
                    return false;
                }

                // An entry we cannot read (another version's format) decides nothing.
                return null;
            }
        }

        return null;
    }

    /// <summary>Cuts the next comma-separated list member (trimmed of optional white space) off <paramref name="rest"/>.</summary>
    private static bool NextMember(ref ReadOnlySpan<char> rest, out ReadOnlySpan<char> member)
    {
        if (rest.IsEmpty)
        {
            member = default;
            return false;
        }

        int comma = rest.IndexOf(',');
        member = (comma < 0 ? rest : rest[..comma]).Trim(" \t");
        rest = comma < 0 ? default : rest[(comma + 1)..];
        return true;
    }

    private static bool IsOwn(ReadOnlySpan<char> member) =>
        member.Length > Key.Length && member.StartsWith(Key, StringComparison.Ordinal) && member[Key.Length] == '=';
}
