using Microsoft.Win32.SafeHandles;

namespace MatCarv.Observability.Output;

/// <summary>
/// Opens the process's standard output for the line writer.
/// On Unix the stream is a plain unbuffered <see cref="FileStream"/> over file descriptor 1, not the console stream:
/// .NET's Unix console stream takes the lock on <c>Console.Out</c> around every <c>write(2)</c> (it synchronises with
/// cursor tracking), so while a slow reader kept our write blocked, the application's own <c>Console.Out</c> and
/// <c>Console.Error</c> calls waited for the whole stall (issue 10: 19.7 s). Writing to the descriptor directly keeps
/// the application's console independent of ours. Elsewhere the console stream is used as is.
/// </summary>
internal static class StandardOutput
{
    private const int StdoutDescriptor = 1;

    /// <summary>The stream, or <see langword="null"/> when standard output is not open (then every line is counted as lost).</summary>
    public static Stream? Open()
    {
        try
        {
            if (OperatingSystem.IsWindows())
            {
                // The SDK's one use of System.Console (banned everywhere else in src: BannedSymbols.txt).
#pragma warning disable RS0030
                return System.Console.OpenStandardOutput();
#pragma warning restore RS0030
            }

            // ownsHandle: false — descriptor 1 belongs to the process and must outlive us.
            var handle = new SafeFileHandle(StdoutDescriptor, ownsHandle: false);
            return new FileStream(handle, FileAccess.Write, bufferSize: 0);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            // A closed descriptor 1 (a daemonised process, a reader that went away before start-up).
            return null;
        }
    }
}
