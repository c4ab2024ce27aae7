namespace MatCarv.Fuzz;

/// <summary>The SDK broke its outcome rule for an input (invalid output, a missing line, a wrong round trip).</summary>
public sealed class FuzzFindingException : Exception
{
    public FuzzFindingException()
    {
    }

    public FuzzFindingException(string message)
        : base(message)
    {
    }

    public FuzzFindingException(string message, Exception inner)
        : base(message, inner)
    {
    }

    public static void Check(bool condition, string message)
    {
        if (!condition)
        {
            throw new FuzzFindingException(message);
        }
    }
}
