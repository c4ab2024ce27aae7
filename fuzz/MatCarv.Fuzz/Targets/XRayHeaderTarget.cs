using MatCarv.Observability.Tracing.Propagation;

namespace MatCarv.Fuzz.Targets;

/// <summary>
/// <c>X-Amzn-Trace-Id</c> / <c>_X_AMZN_TRACE_ID</c>: any text is rejected, or parses to a header whose root is a valid
/// trace id with the same bits as a W3C trace id and whose canonical form parses back to itself.
/// </summary>
public sealed class XRayHeaderTarget : IFuzzTarget
{
    public string Name => "xray-header";

    public void Run(ReadOnlySpan<byte> data)
    {
        var text = FuzzInput.Text(data);
        if (!XRayTraceHeader.TryParse(text, out var header))
        {
            return;
        }

        FuzzFindingException.Check(XRayTraceId.IsValid(header.Root), "accepted root " + header.Root);
        var w3c = header.ToActivityTraceId();
        FuzzFindingException.Check(XRayTraceId.Format(w3c) == header.Root, "root and W3C id differ");
        if (header.Parent is not null)
        {
            _ = System.Diagnostics.ActivitySpanId.CreateFromString(header.Parent);
        }

        var canonical = header.ToString();
        FuzzFindingException.Check(XRayTraceHeader.TryParse(canonical, out var again) && again.ToString() == canonical, "canonical form does not round-trip: " + canonical);
    }
}
