using MatCarv.Testing;

namespace MatCarv.EndToEnd.Tests.Infrastructure;

/// <summary>
/// A copy of the repository's working tree (tracked and untracked files, not ignored ones: what a fresh clone plus the
/// edits under test would have), so that a command from the README can run exactly as written without sharing bin/obj
/// with the build that runs the tests.
/// </summary>
internal sealed class RepositoryCopy : IDisposable
{
    private RepositoryCopy(string path) => Path = path;

    public string Path { get; }

    public static async Task<RepositoryCopy> CreateAsync()
    {
        var files = await ProcessRunner.RunAsync("git", ["ls-files", "-z", "--cached", "--others", "--exclude-standard"], RepositoryRoot.Path);
        Assert.True(files.ExitCode == 0, files.Describe());
        var copy = new RepositoryCopy(Directory.CreateTempSubdirectory("matcarv-repo-").FullName);
        foreach (var relative in files.StandardOutput.Split('\0', StringSplitOptions.RemoveEmptyEntries))
        {
            var source = System.IO.Path.Combine(RepositoryRoot.Path, relative);
            if (!File.Exists(source))
            {
                continue; // deleted in the working tree, not yet committed
            }

            var target = System.IO.Path.Combine(copy.Path, relative);
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(target)!);
            File.Copy(source, target);
        }

        return copy;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
