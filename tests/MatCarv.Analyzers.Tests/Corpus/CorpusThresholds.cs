namespace MatCarv.Analyzers.Tests.Corpus;

/// <summary>
/// What the corpus test enforces. Issue 13's targets hold for the held-out split with default settings; until the rule work
/// of issue 13 has landed, the held-out split is scored and reported but its targets are not enforced, and the development
/// split is held to a floor that only ever rises.
/// </summary>
internal static class CorpusThresholds
{
    /// <summary>Issue 13, "Done when": precision of MCV1001–MCV1004 (and of MCV1005) on the held-out split.</summary>
    public const double TargetPrecision = 0.97;

    /// <summary>Issue 13, "Done when": recall of MCV1001–MCV1004 (and of MCV1005) on the held-out split.</summary>
    public const double TargetRecall = 0.95;

    /// <summary>
    /// THE SWITCH. The rules engineer sets this to true in the commit that completes the rule changes of issue 13; from then
    /// on the held-out split must reach <see cref="TargetPrecision"/>/<see cref="TargetRecall"/> with no secret reported more
    /// than once, like the development split. Until then the held-out test still fails on a broken corpus (compile errors,
    /// malformed labels, a changed freeze) and prints the figures, marked NOT ENFORCED.
    /// Flipped on 2026-12-03 (rules): after the second round of rule changes, made on development-split cases only, the
    /// held-out split measured once at 1.000/0.991 for MCV1001–MCV1004 (TP 105, FP 0, 106 findings), 1.000/1.000 for MCV1005
    /// (13 of 13), no duplicate.
    /// </summary>
    public static readonly bool HeldOutTargetsEnforced = true;

    /// <summary>
    /// Held-out split floor, used only while <see cref="HeldOutTargetsEnforced"/> is false (a ratchet, rounded down). First
    /// landing of the issue 13 rules: 0.962/0.943 for MCV1001–MCV1004 (TP 100, FP 4, 106 findings), 1.000/0.846 for MCV1005
    /// (11 of 13), one duplicate. Second (development cases for the missed categories): 1.000/0.991, 1.000/1.000, none —
    /// the targets hold, so the switch is on and these floors are kept at the last measurement for anyone who turns it off.
    /// </summary>
    public const double HeldOutSecretsPrecisionFloor = 1.0;

    /// <inheritdoc cref="HeldOutSecretsPrecisionFloor"/>
    public const double HeldOutSecretsRecallFloor = 0.99;

    /// <inheritdoc cref="HeldOutSecretsPrecisionFloor"/>
    public const double HeldOutEnvironmentPrecisionFloor = 1.0;

    /// <inheritdoc cref="HeldOutSecretsPrecisionFloor"/>
    public const double HeldOutEnvironmentRecallFloor = 1.0;

    /// <inheritdoc cref="HeldOutSecretsPrecisionFloor"/>
    public const int HeldOutMaxDuplicates = 0;

    /// <summary>
    /// Development split floor (a ratchet), rounded down. Before the rule work of issue 13 (main at the corpus landing):
    /// 0.985/0.593 for MCV1001–MCV1004, 0.680/0.810 for MCV1005, 5 duplicates. After it: 0.991/0.964, 1.000/1.000, none.
    /// After the second round (new development cases for the categories missed, six snippet labels resolved): 1.000/0.991
    /// (TP 229, FP 0, 231 findings), 1.000/1.000, none; the two misses left are values no rule can tell from a non-secret (a
    /// one-word lower-case password and a Vault secret id that is a GUID).
    /// Raise it with every rule change that improves the development split.
    /// </summary>
    public const double DevelopmentSecretsPrecisionFloor = 1.0;

    /// <inheritdoc cref="DevelopmentSecretsPrecisionFloor"/>
    public const double DevelopmentSecretsRecallFloor = 0.99;

    /// <summary>Development split floor for MCV1005 (see <see cref="DevelopmentSecretsPrecisionFloor"/>).</summary>
    public const double DevelopmentEnvironmentPrecisionFloor = 1.0;

    /// <inheritdoc cref="DevelopmentEnvironmentPrecisionFloor"/>
    public const double DevelopmentEnvironmentRecallFloor = 1.0;

    /// <summary>Most secrets the development split may report more than once (ratchet; issue 13 wants none).</summary>
    public const int DevelopmentMaxDuplicates = 0;

    /// <summary>
    /// SHA-256 of the held-out split as frozen (see <see cref="Scoring.CorpusLoader.HeldOutDigest"/>). The held-out split is
    /// not edited after the freeze: a rule tuned on it does not count. If a label there is proven wrong, correct it in a
    /// commit of its own, update this digest and say why in COORDINATION.md.
    /// </summary>
    public const string HeldOutDigest = "409a6507f2c6efb47df16933f21e19e5e3d14a198551ffa4712dd199a8bbe7b1";
}
