using Microsoft.CodeAnalysis;

namespace MatCarv.Analyzers.Internals.Secrets;

/// <summary>Where the evidence that a constant is a secret comes from.</summary>
internal enum EvidenceSource
{
    /// <summary>A name the value is given: variable, field, property, parameter, dictionary key, compared variable, header.</summary>
    Name,

    /// <summary>The collection or switch the value is an element or arm of (<c>ApiKeys["partner"]</c>, <c>KeyFor(x) => x switch…</c>).</summary>
    Container,

    /// <summary>The environment variable or configuration key whose <c>??</c> fallback the value is.</summary>
    Fallback,

    /// <summary>An API that takes only secrets (<see cref="SecretSinks"/>).</summary>
    Sink,

    /// <summary>The value is turned into a Basic-auth credential: <c>Convert.ToBase64String(Encoding.X.GetBytes("user:password"))</c>.</summary>
    BasicCredential,
}

/// <summary>One piece of evidence that a constant string is a secret, found by <see cref="SecretEvidenceFinder"/>.</summary>
internal readonly struct SecretEvidence
{
    public SecretEvidence(EvidenceSource source, string name, SinkKind sink = SinkKind.None, bool isAmazonApi = false, string? scheme = null)
    {
        Source = source;
        Name = name;
        Sink = sink;
        IsAmazonApi = isAmazonApi;
        Scheme = scheme;
    }

    public EvidenceSource Source { get; }

    /// <summary>The name (or the sink's parameter/property name) shown in the message.</summary>
    public string Name { get; }

    public SinkKind Sink { get; }

    /// <summary>The value is given to an AWS SDK API (namespace <c>Amazon.*</c>): MCV1001 reads secret keys there.</summary>
    public bool IsAmazonApi { get; }

    /// <summary>For <see cref="SinkKind.Authorization"/>: the scheme argument (<c>"Basic"</c>, <c>"Bearer"</c>), when constant.</summary>
    public string? Scheme { get; }
}

/// <summary>Helpers on symbols shared by the evidence finders.</summary>
internal static class SecretSymbols
{
    /// <summary>Whether a symbol is declared under the root namespace <paramref name="root"/> (e.g. <c>Amazon</c>, <c>Testcontainers</c>).</summary>
    public static bool IsUnderRootNamespace(ISymbol? symbol, string root)
    {
        var ns = symbol?.ContainingNamespace;
        while (ns is { IsGlobalNamespace: false })
        {
            if (ns.ContainingNamespace is { IsGlobalNamespace: true })
            {
                return string.Equals(ns.Name, root, System.StringComparison.Ordinal);
            }

            ns = ns.ContainingNamespace;
        }

        return false;
    }
}
