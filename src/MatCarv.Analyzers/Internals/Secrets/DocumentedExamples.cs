using System;
using System.Collections.Generic;

namespace MatCarv.Analyzers.Internals.Secrets;

/// <summary>
/// Credentials that vendors publish in their documentation or bake into emulators and container images: they grant nothing,
/// so they are never reported (labelling policy, rule 4). Values ending in <c>EXAMPLE</c> (AWS) are handled by the patterns.
/// </summary>
internal static class DocumentedExamples
{
    private static readonly HashSet<string> Values = new(StringComparer.Ordinal)
    {
        // Azurite and the Azure Storage emulator: the well-known devstoreaccount1 key (learn.microsoft.com, "Use the Azurite emulator").
        "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==",
        // Azure Cosmos DB emulator's well-known key.
        "C2y6yDjf5/R+ob0N8A7Cgv30VRDJIWEHLM+4QDU5DE2nQ9nDuVTqobD4b8mGGyPMbIZnqyMsEcaGQy67XIw/Jw==",
        // Stripe's documentation test key (docs.stripe.com, "API keys").
        "sk_test_4eC39HqLyjWDarjtT1zdp7dc", "sk_test_BQokikJOvBiI2HlWgH4olfQ2",
        // The jwt.io debugger's sample token.
        "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c",
        // Container images' documented credentials: MinIO, the SQL Server image, the Postgres and MySQL images' README examples,
        // RabbitMQ's guest, LocalStack's test/test, Azurite's account name.
        "minioadmin", "yourStrong(!)Password", "YourStrong!Passw0rd", "YourStrong@Passw0rd", "Your_password123",
        "mysecretpassword", "my-secret-pw", "devstoreaccount1",
    };

    public static bool Contains(string value) => Values.Contains(value.Trim());

    /// <summary>Whether a match (which may carry its key, as in <c>AccountKey=…</c>) contains a documented key of 16+ characters.</summary>
    public static bool Within(string match)
    {
        foreach (var value in Values)
        {
            if (value.Length >= 16 && match.IndexOf(value, StringComparison.Ordinal) >= 0)
            {
                return true;
            }
        }

        return false;
    }
}
