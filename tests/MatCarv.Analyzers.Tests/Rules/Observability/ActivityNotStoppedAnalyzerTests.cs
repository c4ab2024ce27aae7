using Verify = MatCarv.Analyzers.Tests.Infrastructure.AnalyzerVerifier<MatCarv.Analyzers.Rules.Observability.ActivityNotStoppedAnalyzer>;

namespace MatCarv.Analyzers.Tests.Rules.Observability;

public class ActivityNotStoppedAnalyzerTests
{
    [Fact]
    public Task Discarded_and_never_stopped_activities_are_reported() => Verify.VerifyAsync("""
        using System.Diagnostics;
        class C
        {
            static readonly ActivitySource Source = new("Orders");
            void M()
            {
                [|Source.StartActivity("Discarded")|];
                var leaked = [|Source.StartActivity("Leaked")|];
                leaked?.SetTag("order", 1);
            }
        }
        """);

    [Fact]
    public Task Using_stopped_disposed_returned_or_passed_activities_are_not_reported() => Verify.VerifyAsync("""
        using System.Diagnostics;
        class C
        {
            static readonly ActivitySource Source = new("Orders");
            void A() { using var activity = Source.StartActivity("A"); }
            void B() { using (Source.StartActivity("B")) { } }
            void D() { var activity = Source.StartActivity("D"); activity?.Stop(); }
            void E() { var activity = Source.StartActivity("E"); try { } finally { activity?.Dispose(); } }
            Activity? F() { var activity = Source.StartActivity("F"); return activity; }
            void G() { var activity = Source.StartActivity("G"); Keep(activity); }
            void Keep(Activity? a) { }
        }
        """);
}
