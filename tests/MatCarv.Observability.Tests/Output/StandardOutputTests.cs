using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;
using MatCarv.Observability.Diagnostics;
using MatCarv.Observability.Output;

namespace MatCarv.Observability.Tests.Output;

/// <summary>
/// The real descriptor 1 of this process, pointed for the test at a pipe nobody reads (dup2), so our writer blocks the way
/// it does behind a stalled log reader. Runs alone: anything else writing to stdout meanwhile would block too.
/// </summary>
[Collection(StandardOutputCollection.Name)]
public sealed class StandardOutputTests
{
    private const long Expected = 1000L * 1011; // 1,000 lines of 1,010 bytes and a newline

    [Fact]
    public async Task The_applications_own_console_is_not_blocked_while_our_stdout_write_is()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        int[] fds = new int[2];
        Assert.Equal(0, Native.pipe(fds));
        int saved = Native.dup(1);
        Assert.True(saved >= 0);
        Assert.True(Native.dup2(fds[1], 1) >= 0);
        Task<long>? drain = null;
        try
        {
            using var diagnostics = new SelfDiagnostics(TimeProvider.System, "svc");
            using var writer = new LineWriter(StandardOutput.Open(), TimeSpan.FromMilliseconds(5), 16 * 1024 * 1024, diagnostics, shutdownTimeout: TimeSpan.FromSeconds(10));
            var line = Encoding.UTF8.GetBytes("{\"pad\":\"" + new string('x', 1000) + "\"}");
            for (int i = 0; i < 1000; i++)
            {
                writer.WriteLine(line);
            }

            Assert.False(await writer.FlushAsync(TimeSpan.FromMilliseconds(300))); // our write is now blocked in write(2)

            // The application writes to its stderr (not the stalled pipe) through Console: it must not wait for us.
            var watch = Stopwatch.StartNew();
            var write = Task.Run(() => Console.Error.Write(" "));
            bool finished = await Task.WhenAny(write, Task.Delay(TimeSpan.FromSeconds(2))) == write;
            watch.Stop();

            drain = Task.Run(() =>
            {
                long total = 0;
                var buffer = new byte[65536];
                using var reader = new FileStream(new Microsoft.Win32.SafeHandles.SafeFileHandle(fds[0], ownsHandle: true), FileAccess.Read, 0);
                int read;
                while (total < Expected && (read = reader.Read(buffer, 0, buffer.Length)) > 0)
                {
                    total += read;
                }

                return total;
            });
            Assert.True(writer.Flush(TimeSpan.FromSeconds(10)));
            Assert.True(finished, $"Console.Error was blocked for {watch.ElapsedMilliseconds} ms by our blocked stdout write");
        }
        finally
        {
            Native.dup2(saved, 1);
            Native.close(saved);
            Native.close(fds[1]);
        }

        Assert.Equal(Expected, await drain!);
    }

    private static class Native
    {
        [DllImport("libc", SetLastError = true)]
        public static extern int pipe(int[] fds);

        [DllImport("libc", SetLastError = true)]
        public static extern int dup(int fd);

        [DllImport("libc", SetLastError = true)]
        public static extern int dup2(int oldFd, int newFd);

        [DllImport("libc", SetLastError = true)]
        public static extern int close(int fd);
    }
}

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class StandardOutputCollection
{
    public const string Name = "Process standard output";
}
