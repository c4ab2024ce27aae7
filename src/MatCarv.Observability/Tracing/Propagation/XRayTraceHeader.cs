using System.Diagnostics;

namespace MatCarv.Observability.Tracing.Propagation;

/// <summary>
/// The X-Ray trace header (<c>X-Amzn-Trace-Id</c> / <c>_X_AMZN_TRACE_ID</c>):
/// <c>Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1;Lineage=…</c>.
/// Parsing is tolerant: keys in any order, whitespace around parts, unknown keys kept, the first of duplicate keys wins.
/// Ids of all zeros are malformed (W3C trace context forbids them): such a root rejects the header, such a parent is absent.
/// </summary>
public sealed class XRayTraceHeader
{
    /// <summary>The longest header accepted; longer ones are malformed (X-Ray limits trace headers to 256 characters).</summary>
    public const int MaxLength = 256;

    private XRayTraceHeader(string root, string? parent, bool? sampled, string? lineage, string? extra)
    {
        Root = root;
        Parent = parent;
        Sampled = sampled;
        Lineage = lineage;
        Extra = extra;
    }

    /// <summary>The trace id (<c>1-{8 hex epoch seconds}-{24 hex}</c>).</summary>
    public string Root { get; }

    /// <summary>The parent segment or subsegment id (16 hex digits), if any.</summary>
    public string? Parent { get; }

    /// <summary>The sampling decision: true for <c>Sampled=1</c>, false for <c>Sampled=0</c>, null when deferred or absent.</summary>
    public bool? Sampled { get; }

    /// <summary>The <c>Lineage</c> value, kept verbatim when propagating.</summary>
    public string? Lineage { get; }

    /// <summary>Unknown <c>key=value</c> parts, kept verbatim and in order when propagating.</summary>
    public string? Extra { get; }

    /// <summary>Creates a header from its parts.</summary>
    /// <param name="root">The trace id; must be a valid X-Ray trace id (<see cref="XRayTraceId.IsValid"/>).</param>
    /// <param name="parent">The parent id (16 hex digits, not all zeros) or null.</param>
    /// <param name="sampled">The sampling decision or null.</param>
    /// <param name="lineage">The lineage value or null.</param>
    /// <returns>The header.</returns>
    /// <exception cref="ArgumentException">The root or parent is not well formed.</exception>
    public static XRayTraceHeader Create(string root, string? parent, bool? sampled, string? lineage = null)
    {
        if (!XRayTraceId.IsValid(root))
        {
            throw new ArgumentException("Not an X-Ray trace id (expected 1-xxxxxxxx-xxxxxxxxxxxxxxxxxxxxxxxx).", nameof(root));
        }

        if (parent is not null && !IsSpanId(parent))
        {
            throw new ArgumentException("Not an X-Ray segment id (expected 16 hex digits, not all zeros).", nameof(parent));
        }

        return new XRayTraceHeader(root, parent, sampled, lineage, null);
    }

    /// <summary>Parses a header. Returns false, never throws, for anything malformed or without a valid <c>Root</c>.</summary>
    /// <param name="value">The header value.</param>
    /// <param name="header">The parsed header.</param>
    /// <returns>True when a valid root was found.</returns>
    public static bool TryParse(string? value, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out XRayTraceHeader? header)
    {
        header = null;
        if (string.IsNullOrWhiteSpace(value) || value.Length > MaxLength)
        {
            return false;
        }

        string? root = null, parent = null, lineage = null;
        bool? sampled = null;
        bool sampledSeen = false;
        System.Text.StringBuilder? extra = null;

        foreach (var rawPart in value.Split(';'))
        {
            var part = rawPart.AsSpan().Trim();
            if (part.IsEmpty)
            {
                continue;
            }

            int eq = part.IndexOf('=');
            if (eq <= 0)
            {
                continue;
            }

            var key = part[..eq].Trim();
            var val = part[(eq + 1)..].Trim();
            if (key.Equals("Root", StringComparison.OrdinalIgnoreCase))
            {
                root ??= val.ToString();
            }
            else if (key.Equals("Parent", StringComparison.OrdinalIgnoreCase))
            {
                parent ??= IsSpanId(val) ? val.ToString().ToLowerInvariant() : null;
            }
            else if (key.Equals("Sampled", StringComparison.OrdinalIgnoreCase))
            {
                if (!sampledSeen)
                {
                    sampledSeen = true;
                    sampled = val.SequenceEqual("1") ? true : val.SequenceEqual("0") ? false : null;
                }
            }
            else if (key.Equals("Lineage", StringComparison.OrdinalIgnoreCase))
            {
                lineage ??= val.ToString();
            }
            else if (key.Equals("Self", StringComparison.OrdinalIgnoreCase))
            {
                // ALB adds Self=; it describes the load balancer hop and is not propagated.
            }
            else
            {
                extra ??= new System.Text.StringBuilder();
                if (extra.Length > 0)
                {
                    extra.Append(';');
                }

                extra.Append(key).Append('=').Append(val);
            }
        }

        if (root is null || !XRayTraceId.IsValid(root))
        {
            return false;
        }

        header = new XRayTraceHeader(root.ToLowerInvariant(), parent, sampled, lineage, extra?.ToString());
        return true;
    }

    /// <summary>Returns a header for a child of this one: same root, lineage and extras, a new parent and decision.</summary>
    /// <param name="parent">The new parent id.</param>
    /// <param name="sampled">The sampling decision.</param>
    /// <returns>The new header.</returns>
    public XRayTraceHeader WithParent(string parent, bool? sampled) => new(Root, parent, sampled, Lineage, Extra);

    /// <summary>The W3C trace id with the same 128 bits as <see cref="Root"/>.</summary>
    public ActivityTraceId ToActivityTraceId() => XRayTraceId.ToActivityTraceId(Root);

    /// <summary>Formats the header in canonical order: Root, Parent, Sampled, Lineage, then unknown keys.</summary>
    /// <returns>The header value.</returns>
    public override string ToString()
    {
        var sb = new System.Text.StringBuilder(96);
        sb.Append("Root=").Append(Root);
        if (Parent is not null)
        {
            sb.Append(";Parent=").Append(Parent);
        }

        if (Sampled is not null)
        {
            sb.Append(";Sampled=").Append(Sampled.Value ? '1' : '0');
        }

        if (Lineage is not null)
        {
            sb.Append(";Lineage=").Append(Lineage);
        }

        if (Extra is not null)
        {
            sb.Append(';').Append(Extra);
        }

        return sb.ToString();
    }

    /// <summary>
    /// 16 hex digits, not all zeros: the parent becomes a W3C span id, which may not be all zeros (the runtime's
    /// <see cref="ActivitySpanId"/> refuses it). A parent of all zeros is treated as malformed: absent.
    /// </summary>
    internal static bool IsSpanId(ReadOnlySpan<char> value) => IsHex(value, 16) && value.ContainsAnyExcept('0');

    internal static bool IsHex(ReadOnlySpan<char> value, int length)
    {
        if (value.Length != length)
        {
            return false;
        }

        foreach (var c in value)
        {
            if (!char.IsAsciiHexDigit(c))
            {
                return false;
            }
        }

        return true;
    }
}
