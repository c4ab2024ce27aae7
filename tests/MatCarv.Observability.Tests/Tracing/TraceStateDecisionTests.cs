using MatCarv.Observability.Tracing.Sampling;

namespace MatCarv.Observability.Tests.Tracing;

public sealed class TraceStateDecisionTests
{
    [Theory]
    [InlineData(null, null)]
    [InlineData("", null)]
    [InlineData("rojo=00f067aa0ba902b7", null)]
    [InlineData("matcarv=s:1", true)]
    [InlineData("matcarv=s:0", false)]
    [InlineData("rojo=1, matcarv=s:1 ,congo=2", true)]
    [InlineData("rojo=1,matcarv=s:0", false)]
    [InlineData("matcarvx=s:1", null)]
    [InlineData("xmatcarv=s:1", null)]
    [InlineData("matcarv=v2:yes", null)]
    public void Read_finds_our_member_anywhere_in_the_list(string? traceState, bool? expected) =>
        Assert.Equal(expected, TraceStateDecision.Read(traceState));

    [Theory]
    [InlineData(null, true, "matcarv=s:1")]
    [InlineData("", false, "matcarv=s:0")]
    [InlineData("rojo=1", true, "matcarv=s:1,rojo=1")]
    [InlineData("rojo=1,matcarv=s:1,congo=2", false, "matcarv=s:0,rojo=1,congo=2")]
    [InlineData("matcarv=s:1,rojo=1", true, "matcarv=s:1,rojo=1")]
    [InlineData(" rojo=1 , ,congo=2", true, "matcarv=s:1,rojo=1,congo=2")]
    public void With_puts_our_member_first_and_keeps_the_others(string? traceState, bool sampled, string expected) =>
        Assert.Equal(expected, TraceStateDecision.With(traceState, sampled));

    [Fact]
    public void With_keeps_at_most_32_members_dropping_the_rightmost()
    {
        var members = Enumerable.Range(0, 32).Select(i => "v" + i + "=x").ToList();
        var result = TraceStateDecision.With(string.Join(',', members), true).Split(',');
        Assert.Equal(32, result.Length);
        Assert.Equal("matcarv=s:1", result[0]);
        Assert.Equal("v30=x", result[^1]);
    }

    [Fact]
    public void Common_values_are_the_shared_instances_compared_by_reference()
    {
        Assert.Same(TraceStateDecision.Sampled, TraceStateDecision.With(null, true));
        Assert.Same(TraceStateDecision.NotSampled, TraceStateDecision.With(TraceStateDecision.Sampled, false));
    }
}
