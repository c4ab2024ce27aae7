namespace MatCarv.Samples.LambdaFunction.Orders;

/// <summary>The payment provider did not answer in time.</summary>
public sealed class PaymentDeclinedException : Exception
{
    /// <summary>Creates the exception.</summary>
    public PaymentDeclinedException()
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What happened.</param>
    public PaymentDeclinedException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What happened.</param>
    /// <param name="innerException">The cause.</param>
    public PaymentDeclinedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
