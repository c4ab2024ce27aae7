namespace MatCarv.Observability.Tracing.Export;

/// <summary>
/// How much of a span is left out so that its document fits in one datagram (X-Ray: one segment document ≤ 64 KB; the daemon
/// drops larger ones silently). Each level also writes a marker <c>metadata.matcarv.trimmed</c> naming what was removed.
/// </summary>
internal enum TrimLevel
{
    /// <summary>Everything.</summary>
    None = 0,

    /// <summary>Metadata removed.</summary>
    Metadata = 1,

    /// <summary>Metadata and annotations removed.</summary>
    Annotations = 2,

    /// <summary>Metadata and annotations removed, exceptions without stack frames and with short messages.</summary>
    Cause = 3,
}
