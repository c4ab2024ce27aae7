namespace MatCarv.Fuzz;

/// <summary>
/// One parser or serialiser fed with fuzzer bytes. <see cref="Run"/> returns normally when the SDK kept its outcome rule
/// (issue 10: a valid document or a documented rejection/counted drop); it throws — a crash to the fuzzer — when the SDK
/// threw into the caller or wrote invalid output (<see cref="FuzzFindingException"/>).
/// </summary>
public interface IFuzzTarget
{
    /// <summary>The name used on the command line and as the corpus folder (<c>fuzz/corpus/NAME</c>).</summary>
    string Name { get; }

    void Run(ReadOnlySpan<byte> data);
}
