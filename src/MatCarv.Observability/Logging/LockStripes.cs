namespace MatCarv.Observability.Logging;

/// <summary>Striped locks (an object per stripe), built by a loop: a LINQ build was JIT-compiled at every cold start.</summary>
internal static class LockStripes
{
    public static object[] Create(int count)
    {
        var locks = new object[count];
        for (int i = 0; i < locks.Length; i++)
        {
            locks[i] = new object();
        }

        return locks;
    }
}
