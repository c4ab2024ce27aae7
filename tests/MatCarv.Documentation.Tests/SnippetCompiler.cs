using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace MatCarv.Documentation.Tests;

/// <summary>
/// Compiles one ```csharp block of a Markdown document as a file of a new project would (SnippetContext/README.md): the
/// Web SDK's implicit global usings, nullable enabled, the SDK's assemblies, top-level statements as a program.
/// </summary>
internal static class SnippetCompiler
{
    /// <summary>The global usings of an SDK-style web project (ImplicitUsings=enable with Microsoft.NET.Sdk.Web).</summary>
    private const string ImplicitUsings = """
        global using System;
        global using System.Collections.Generic;
        global using System.IO;
        global using System.Linq;
        global using System.Net.Http;
        global using System.Threading;
        global using System.Threading.Tasks;
        """;

    private static readonly Lazy<IReadOnlyList<MetadataReference>> References = new(() =>
        ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Where(p => p.EndsWith(".dll", StringComparison.Ordinal))
            .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))
            .ToList());

    /// <summary>Compiles <paramref name="snippet"/>; returns the compiler's errors (none when it compiles).</summary>
    public static IReadOnlyList<string> Errors(string snippet, string path)
    {
        using var output = new MemoryStream();
        var result = Compile(snippet, path).Emit(output);
        return result.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).Select(d => d.ToString()).ToList();
    }

    /// <summary>The compilation of <paramref name="snippet"/> (its own tree first), for tests that read what a snippet does.</summary>
    public static CSharpCompilation Compile(string snippet, string path)
    {
        var parse = new CSharpParseOptions(LanguageVersion.Latest);
        var trees = new List<SyntaxTree>
        {
            CSharpSyntaxTree.ParseText(snippet, parse, path: path),
            CSharpSyntaxTree.ParseText(ImplicitUsings, parse, path: "ImplicitUsings.cs"),
        };
        trees.AddRange(Directory.EnumerateFiles(Path.Combine(AppContext.BaseDirectory, "SnippetContext"), "*.cs")
            .Select(f => CSharpSyntaxTree.ParseText(File.ReadAllText(f), parse, path: Path.GetFileName(f))));
        var isProgram = trees[0].GetCompilationUnitRoot().Members.OfType<GlobalStatementSyntax>().Any();
        return CSharpCompilation.Create(
            "Snippet",
            trees,
            References.Value,
            new CSharpCompilationOptions(isProgram ? OutputKind.ConsoleApplication : OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
    }
}
