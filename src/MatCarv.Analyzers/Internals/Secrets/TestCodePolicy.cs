using System;

namespace MatCarv.Analyzers.Internals.Secrets;

/// <summary>What a secret rule does in test code (option <c>test_code</c>; see docs/Rules/README.md, "Test code").</summary>
internal enum TestCodePolicy
{
    /// <summary>
    /// The default. MCV1001/MCV1002 report as everywhere (a real token is leaked wherever it is written); MCV1003/MCV1004
    /// report only a password or secret whose host is not local; MCV1005 does not report (tests read CI secrets from the
    /// environment).
    /// </summary>
    Relaxed,

    /// <summary>Test code is analysed like any other code.</summary>
    Report,

    /// <summary>Nothing is reported in test code.</summary>
    Skip,
}

/// <summary>Reads <see cref="TestCodePolicy"/> from <c>test_code</c>, or from the older <c>exclude_test_projects</c> switch.</summary>
internal static class TestCodePolicies
{
    public static TestCodePolicy Read(OptionReader reader)
    {
        var value = reader.GetString("test_code");
        if (value is not null)
        {
            if (string.Equals(value, "report", StringComparison.OrdinalIgnoreCase))
            {
                return TestCodePolicy.Report;
            }

            if (string.Equals(value, "skip", StringComparison.OrdinalIgnoreCase))
            {
                return TestCodePolicy.Skip;
            }

            return TestCodePolicy.Relaxed;
        }

        // 0.1.0's switch: true skipped whole test projects, false analysed them like any code.
        var legacy = reader.GetString("exclude_test_projects");
        if (legacy is not null && bool.TryParse(legacy, out var exclude))
        {
            return exclude ? TestCodePolicy.Skip : TestCodePolicy.Report;
        }

        return TestCodePolicy.Relaxed;
    }
}
