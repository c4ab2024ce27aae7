using Verify = MatCarv.Analyzers.Tests.Infrastructure.CodeFixVerifier<MatCarv.Analyzers.Rules.Observability.EntryPointWithoutSpanAnalyzer, MatCarv.Analyzers.CodeFixes.Rules.EntryPointWithoutSpanCodeFix>;

namespace MatCarv.Analyzers.Tests.CodeFixes;

public class EntryPointWithoutSpanCodeFixTests
{
    /// <summary>Every fix adds the same shared field, so Batch Fix All needs a second pass for the handlers whose edit overlapped.</summary>
    [Fact]
    public Task Handlers_get_a_span_from_a_new_activity_source_with_fix_all() => Verify.VerifyAsync(
        """
        using System.Threading.Tasks;
        using Amazon.Lambda.Core;
        public class Function
        {
            public string [|Handle|](string input, ILambdaContext context)
            {
                return input.Trim();
            }

            public Task<string> [|HandleAsync|](string input, ILambdaContext context) => Task.FromResult(input);

            public void [|Fire|](string input, ILambdaContext context) => System.GC.KeepAlive(input);
        }
        """,
        """
        using System.Threading.Tasks;
        using Amazon.Lambda.Core;
        public class Function
        {
            private static readonly System.Diagnostics.ActivitySource ActivitySource = new("TestProject");

            public string Handle(string input, ILambdaContext context)
            {
                using var activity = ActivitySource.StartActivity("Handle");
                return input.Trim();
            }

            public async Task<string> HandleAsync(string input, ILambdaContext context)
            {
                using var activity = ActivitySource.StartActivity("HandleAsync");
                return await Task.FromResult(input);
            }

            public void Fire(string input, ILambdaContext context)
            {
                using var activity = ActivitySource.StartActivity("Fire");
                System.GC.KeepAlive(input);
            }
        }
        """,
        iterations: 2);

    [Fact]
    public Task An_existing_activity_source_is_reused() => Verify.VerifyAsync(
        """
        using System.Diagnostics;
        using Amazon.Lambda.Core;
        public class Function
        {
            private static readonly ActivitySource Tracing = new("Orders");

            public string [|Handle|](string input, ILambdaContext context)
            {
                return input;
            }

            public string [|HandleOther|](string input, ILambdaContext context)
            {
                return input;
            }
        }
        """,
        """
        using System.Diagnostics;
        using Amazon.Lambda.Core;
        public class Function
        {
            private static readonly ActivitySource Tracing = new("Orders");

            public string Handle(string input, ILambdaContext context)
            {
                using var activity = Tracing.StartActivity("Handle");
                return input;
            }

            public string HandleOther(string input, ILambdaContext context)
            {
                using var activity = Tracing.StartActivity("HandleOther");
                return input;
            }
        }
        """);
}
