using Microsoft.CodeAnalysis.Diagnostics;

namespace MatCarv.Analyzers.Internals;

/// <summary>The <c>exclude_test_projects</c> option of a rule (test projects are recognised by their test framework).</summary>
internal sealed class RuleSwitch
{
    private RuleSwitch(bool excludeTestProjects)
    {
        ExcludeTestProjects = excludeTestProjects;
    }

    public bool ExcludeTestProjects { get; }

    public static RuleSwitch Read(AnalyzerConfigOptions options, string ruleId, string category, bool excludeTestProjectsByDefault) =>
        new(new OptionReader(options, ruleId, category).GetBool("exclude_test_projects", excludeTestProjectsByDefault));

    public bool Applies(bool isTestProject) => !(isTestProject && ExcludeTestProjects);
}
