namespace MatCarv.Analyzers.Tests.Corpus.Scoring;

/// <summary>One compilation of the corpus: an assembly of a split, with its source files.</summary>
/// <param name="Split">The split it belongs to.</param>
/// <param name="Name">Its assembly name (the folder name under Corpus/Sources/&lt;split&gt;).</param>
/// <param name="Sources">Relative path (for the report) and text of each file.</param>
/// <param name="Kind">Which references the compilation gets.</param>
internal sealed record CorpusProject(CorpusSplit Split, string Name, IReadOnlyList<(string Path, string Text)> Sources, ProjectKind Kind);

/// <summary>The two splits of the corpus.</summary>
internal enum CorpusSplit
{
    /// <summary>Frozen before any rule change of issue 13; rules may not be tuned on it (see COORDINATION.md).</summary>
    HeldOut,

    /// <summary>Everything else: the split the rules are developed against.</summary>
    Development,
}

/// <summary>What a corpus compilation references.</summary>
internal enum ProjectKind
{
    /// <summary>Service code: the .NET and ASP.NET Core reference packs and the real client libraries, no test framework.</summary>
    Service,

    /// <summary>As <see cref="Service"/> plus xUnit and NUnit: a test project, or a service project that also holds fixtures.</summary>
    WithTestFrameworks,

    /// <summary>The original snippet corpus: .NET 8 reference assemblies and the hand-written stubs it was written against.</summary>
    Snippets,
}
