using Microsoft.CodeAnalysis;

namespace MatCarv.Analyzers.Internals;

/// <summary>Recognises test projects by the test framework they reference (xUnit, NUnit, MSTest, TUnit).</summary>
internal static class TestCode
{
    private static readonly string[] TestAttributes =
    {
        "Xunit.FactAttribute",
        "NUnit.Framework.TestAttribute",
        "Microsoft.VisualStudio.TestTools.UnitTesting.TestMethodAttribute",
        "TUnit.Core.TestAttribute",
    };

    public static bool IsTestProject(Compilation compilation)
    {
        foreach (var name in TestAttributes)
        {
            if (compilation.GetTypeByMetadataName(name) is not null)
            {
                return true;
            }
        }

        return false;
    }
}
