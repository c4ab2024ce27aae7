namespace MatCarv.Benchmarks.Logging;

/// <summary>The logging category of every logger in the comparison (<c>ILogger&lt;Checkout&gt;</c>, as services inject it).</summary>
public sealed class Checkout
{
    public const string Category = "MatCarv.Benchmarks.Logging.Checkout";

    private Checkout()
    {
    }
}
