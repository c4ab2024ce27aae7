using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace MatCarv.Documentation.Tests;

/// <summary>
/// Every ```csharp block of README.md compiles as shown (conventions: SnippetContext/README.md), and every relative link
/// of the README points at a file of the repository.
/// </summary>
public sealed class ReadmeSnippetTests
{
    private static readonly string Readme = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "README.md"));

    public static TheoryData<int> Snippets()
    {
        var data = new TheoryData<int>();
        for (var i = 0; i < CSharpBlocks().Count; i++)
        {
            data.Add(i);
        }

        return data;
    }

    [Fact]
    public void The_readme_has_csharp_snippets()
    {
        Assert.True(CSharpBlocks().Count >= 2, "no ```csharp blocks found in README.md");
    }

    [Theory]
    [MemberData(nameof(Snippets))]
    public void Readme_snippet_compiles_as_shown(int index)
    {
        var snippet = CSharpBlocks()[index];
        var errors = SnippetCompiler.Errors(snippet, $"README.md#snippet{index + 1}.cs");
        Assert.True(errors.Count == 0, $"README.md snippet {index + 1} does not compile:\n{string.Join('\n', errors)}\n--- snippet ---\n{snippet}");
    }

    /// <summary>
    /// Issue 15: the Lambda quickstart's mapping from <c>ILambdaContext</c> includes the trace header. Without it concurrent
    /// invocations (Lambda Managed Instances) fall back to the process-wide <c>_X_AMZN_TRACE_ID</c> and share a trace id. Read
    /// from the compiled snippet: every <c>new LambdaInvocation(…)</c> that takes its request id from an <c>ILambdaContext</c>
    /// sets <c>TraceHeader</c> from that context's <c>TraceId</c>.
    /// </summary>
    [Fact]
    public void The_lambda_quickstart_maps_the_trace_header_from_ILambdaContext()
    {
        var mappings = 0;
        var blocks = CSharpBlocks();
        for (var index = 0; index < blocks.Count; index++)
        {
            var compilation = SnippetCompiler.Compile(blocks[index], $"README.md#snippet{index + 1}.cs");
            var tree = compilation.SyntaxTrees[0];
            var model = compilation.GetSemanticModel(tree);
            foreach (var creation in tree.GetRoot().DescendantNodes().OfType<BaseObjectCreationExpressionSyntax>())
            {
                if (model.GetTypeInfo(creation).Type?.ToDisplayString() != "MatCarv.Observability.Lambda.LambdaInvocation"
                    || creation.ArgumentList is not { Arguments.Count: > 0 } arguments
                    || !ReadsLambdaContext(model, arguments.Arguments[0].Expression, "AwsRequestId"))
                {
                    continue;
                }

                mappings++;
                var traceHeader = creation.Initializer?.Expressions
                    .OfType<AssignmentExpressionSyntax>()
                    .SingleOrDefault(a => a.Left is IdentifierNameSyntax { Identifier.Text: "TraceHeader" });
                Assert.True(
                    traceHeader is not null && ReadsLambdaContext(model, traceHeader.Right, "TraceId"),
                    $"README.md snippet {index + 1}: the mapping from ILambdaContext does not set TraceHeader = context.TraceId:\n{creation}");
            }
        }

        Assert.True(mappings >= 1, "README.md shows no mapping from ILambdaContext to LambdaInvocation (the Lambda quickstart)");
    }

    [Fact]
    public void Every_relative_link_of_the_readme_points_at_a_file_of_the_repository()
    {
        var root = Markdown.RepositoryRoot();
        var broken = Markdown.LinkTargets(Readme)
            .Where(t => !t.Contains("://", StringComparison.Ordinal) && !t.StartsWith('#') && !t.StartsWith("mailto:", StringComparison.Ordinal))
            .Select(t => t.Split('#')[0])
            .Where(t => !File.Exists(Path.Combine(root, t)) && !Directory.Exists(Path.Combine(root, t)))
            .ToList();
        Assert.True(broken.Count == 0, "broken links in README.md: " + string.Join(", ", broken));
    }

    private static List<string> CSharpBlocks() => Markdown.CSharpBlocks(Readme);

    private static bool ReadsLambdaContext(SemanticModel model, ExpressionSyntax expression, string property) =>
        model.GetSymbolInfo(expression).Symbol is IPropertySymbol symbol
        && symbol.Name == property
        && symbol.ContainingType.ToDisplayString() == "Amazon.Lambda.Core.ILambdaContext";
}
