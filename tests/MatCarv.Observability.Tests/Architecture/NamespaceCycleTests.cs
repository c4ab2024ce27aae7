namespace MatCarv.Observability.Tests.Architecture;

/// <summary>
/// Sibling namespaces of MatCarv.Observability must not depend on each other in a cycle (issue 14): a folder should be
/// readable, testable and changeable from the bottom up. Read from the compiled assembly, so a partially qualified name or a
/// type used from a parent namespace counts too. The cycles that exist today are listed below as a ratchet: a new
/// dependency on a cycle fails this test, and so does a listed one that is gone (take it off the list).
/// </summary>
public sealed class NamespaceCycleTests
{
    private const string Root = "MatCarv.Observability";

    // Known sibling dependencies on cycles, to be broken (plan in docs/architecture.md). Keep sorted.
    private static readonly string[] KnownCycleEdges =
    [
        "MatCarv.Observability.Metrics: Aggregation -> Emf",
        "MatCarv.Observability.Metrics: Emf -> Aggregation",
        "MatCarv.Observability.Tracing: CloudWatchLogs -> Otlp",
        "MatCarv.Observability.Tracing: Export -> CloudWatchLogs",
        "MatCarv.Observability.Tracing: Otlp -> CloudWatchLogs",
        "MatCarv.Observability.Tracing: Otlp -> Export",
        "MatCarv.Observability: Context -> Logging",
        "MatCarv.Observability: Context -> Tracing",
        "MatCarv.Observability: Diagnostics -> Context",
        "MatCarv.Observability: Diagnostics -> Output",
        "MatCarv.Observability: Diagnostics -> Tracing",
        "MatCarv.Observability: Extensibility -> Context",
        "MatCarv.Observability: Extensibility -> Diagnostics",
        "MatCarv.Observability: Extensibility -> Output",
        "MatCarv.Observability: Hosting -> Context",
        "MatCarv.Observability: Hosting -> Extensibility",
        "MatCarv.Observability: Hosting -> Logging",
        "MatCarv.Observability: Hosting -> Metrics",
        "MatCarv.Observability: Hosting -> Tracing",
        "MatCarv.Observability: Lambda -> Context",
        "MatCarv.Observability: Lambda -> Diagnostics",
        "MatCarv.Observability: Lambda -> Extensibility",
        "MatCarv.Observability: Lambda -> Hosting",
        "MatCarv.Observability: Lambda -> Logging",
        "MatCarv.Observability: Lambda -> Metrics",
        "MatCarv.Observability: Lambda -> Tracing",
        "MatCarv.Observability: Logging -> Context",
        "MatCarv.Observability: Logging -> Diagnostics",
        "MatCarv.Observability: Logging -> Lambda",
        "MatCarv.Observability: Logging -> Output",
        "MatCarv.Observability: Logging -> Tracing",
        "MatCarv.Observability: Metrics -> Context",
        "MatCarv.Observability: Metrics -> Diagnostics",
        "MatCarv.Observability: Metrics -> Hosting",
        "MatCarv.Observability: Metrics -> Lambda",
        "MatCarv.Observability: Metrics -> Output",
        "MatCarv.Observability: Output -> Diagnostics",
        "MatCarv.Observability: Tracing -> Context",
        "MatCarv.Observability: Tracing -> Diagnostics",
        "MatCarv.Observability: Tracing -> Hosting",
        "MatCarv.Observability: Tracing -> Output",
    ];

    [Fact]
    public void No_new_dependency_between_sibling_namespaces_closes_a_cycle()
    {
        var edges = NamespaceGraph.Read(typeof(MatCarvTelemetry).Assembly.Location, Root);
        var found = NamespaceGraph.SiblingCycleEdges(edges, Root);
        var added = found.Except(KnownCycleEdges).ToList();
        var gone = KnownCycleEdges.Except(found).ToList();
        Assert.True(added.Count == 0 && gone.Count == 0,
            "New dependencies on a namespace cycle (break them):\n  " + string.Join("\n  ", added)
            + "\nListed but no longer on a cycle (remove them from KnownCycleEdges):\n  " + string.Join("\n  ", gone));
    }

    [Fact]
    public void The_reader_sees_uses_in_method_bodies_and_signatures()
    {
        // Guards the test above against a reader that sees nothing: these edges are known to exist.
        var edges = NamespaceGraph.Read(typeof(MatCarvTelemetry).Assembly.Location, Root);
        Assert.Contains("MatCarv.Observability.Diagnostics", edges["MatCarv.Observability.Output"]);
        Assert.Contains("MatCarv.Observability.Metrics.Emf", edges["MatCarv.Observability.Metrics.Aggregation"]);
        Assert.Contains("MatCarv.Observability.Context", edges["MatCarv.Observability.Lambda"]);
    }

    [Fact]
    public void A_cycle_is_found()
    {
        var edges = new Dictionary<string, HashSet<string>>
        {
            ["A"] = ["B"], ["B"] = ["C"], ["C"] = ["A"], ["D"] = ["A"],
        };
        Assert.Equal([["A", "B", "C"]], NamespaceGraph.Cycles(edges));
    }

    [Fact]
    public void A_cycle_between_sibling_folders_is_found_through_their_subfolders_but_not_through_the_parent()
    {
        var edges = new Dictionary<string, HashSet<string>>
        {
            ["R.A.X"] = ["R.B"], ["R.B"] = ["R"], ["R"] = ["R.A"], // through the parent only: allowed
            ["R.C"] = ["R.D.Y"], ["R.D.Y"] = ["R.D"], ["R.D"] = ["R.C"], // C <-> D through D's own subfolder
        };
        Assert.Equal(["R: C -> D", "R: D -> C"], NamespaceGraph.SiblingCycleEdges(edges, "R"));
    }
}
