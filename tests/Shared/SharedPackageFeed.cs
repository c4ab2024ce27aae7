using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace MatCarv.Testing;

/// <summary>
/// The SDK packed once for every test project of a run: <c>dotnet pack MatCarv.Sdk.sln -c Release -o feed</c> (the
/// release command, so the feed is also what a release pipeline gets), after <c>eng/pack-baseline.sh</c> so package
/// validation compares with the previous release.
/// </summary>
/// <remarks>
/// <para>The feed lives in <c>artifacts/test-feed/&lt;hash&gt;/</c>, keyed by a hash of everything that goes into the
/// packages (src/, the repository's props, README, CHANGELOG). Test projects run in parallel processes: the first takes a
/// file lock and packs, the others wait on the lock and reuse the result; a later run with unchanged inputs reuses it too.</para>
/// <para>The package version is stable (<c>&lt;VersionPrefix&gt;.&lt;n&gt;</c>, n from the hash) so that a consumer following
/// the README (<c>dotnet add package X</c>, no version, no <c>--prerelease</c>) resolves it, and unique per content so
/// the NuGet cache (~/.nuget/packages) never serves an older build under the same version.</para>
/// </remarks>
internal static partial class SharedPackageFeed
{
    private static readonly Lazy<Task<PackedFeed>> Instance = new(PackAsync);

    /// <summary>Files and folders (relative to the repository root) whose content goes into the packages.</summary>
    private static readonly string[] Inputs =
        ["src", "eng", "Directory.Build.props", "Directory.Build.targets", "Directory.Packages.props", "global.json", ".editorconfig",
         "nuget.config", "README.md", "CHANGELOG.md", "MatCarv.Sdk.sln"];

    public static Task<PackedFeed> GetAsync() => Instance.Value;

    private static async Task<PackedFeed> PackAsync()
    {
        var root = RepositoryRoot.Path;
        var hash = HashInputs(root);
        var version = $"{ReadVersionPrefix(root)}.{BitConverter.ToUInt32(Convert.FromHexString(hash[..8])) % 2_000_000_000 + 1}";
        var feedsRoot = System.IO.Path.Combine(root, "artifacts", "test-feed");
        var directory = System.IO.Path.Combine(feedsRoot, hash);
        var feed = System.IO.Path.Combine(directory, "feed");
        var log = System.IO.Path.Combine(directory, "pack.log");
        var done = System.IO.Path.Combine(directory, "pack.ok");
        Directory.CreateDirectory(feedsRoot);

        using var fileLock = await AcquireLockAsync(System.IO.Path.Combine(feedsRoot, hash + ".lock"), TimeSpan.FromMinutes(30));
        if (File.Exists(done))
        {
            return new PackedFeed(feed, version, new ProcessResult(0, await File.ReadAllTextAsync(log), ""), Reused: true);
        }

        if (Directory.Exists(directory))
        {
            Directory.Delete(directory, recursive: true);
        }

        Directory.CreateDirectory(directory);
        PruneOldFeeds(feedsRoot, hash);

        var baseline = await ProcessRunner.RunAsync("bash", [System.IO.Path.Combine(root, "eng", "pack-baseline.sh")], root, timeout: TimeSpan.FromMinutes(15));
        if (baseline.ExitCode != 0)
        {
            var failed = new ProcessResult(baseline.ExitCode, "eng/pack-baseline.sh failed\n" + baseline.StandardOutput, baseline.StandardError);
            await File.WriteAllTextAsync(log, failed.Describe());
            return new PackedFeed(feed, version, failed, Reused: false);
        }

        var build = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "matcarv-pack-" + hash);
        try
        {
            var pack = await ProcessRunner.RunAsync(
                "dotnet",
                ["pack", "MatCarv.Sdk.sln", "-c", "Release", "-o", feed, $"-p:PackageVersion={version}", "-p:ContinuousIntegrationBuild=true",
                 "--artifacts-path", build],
                root,
                timeout: TimeSpan.FromMinutes(20));
            await File.WriteAllTextAsync(log, pack.Describe());
            if (pack.ExitCode == 0)
            {
                await File.WriteAllTextAsync(done, version);
            }

            return new PackedFeed(feed, version, pack, Reused: false);
        }
        finally
        {
            TryDelete(build);
        }
    }

    private static string HashInputs(string root)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var files = new List<string>();
        foreach (var input in Inputs)
        {
            var full = System.IO.Path.Combine(root, input);
            if (File.Exists(full))
            {
                files.Add(full);
            }
            else if (Directory.Exists(full))
            {
                files.AddRange(Directory.EnumerateFiles(full, "*", SearchOption.AllDirectories).Where(f => !IsBuildOutput(root, f)));
            }
        }

        foreach (var file in files.Order(StringComparer.Ordinal))
        {
            sha.AppendData(Encoding.UTF8.GetBytes(System.IO.Path.GetRelativePath(root, file).Replace('\\', '/') + "\n"));
            sha.AppendData(File.ReadAllBytes(file));
        }

        return Convert.ToHexString(sha.GetHashAndReset())[..16].ToLowerInvariant();
    }

    private static bool IsBuildOutput(string root, string file)
    {
        var parts = System.IO.Path.GetRelativePath(root, file).Split(System.IO.Path.DirectorySeparatorChar);
        return parts.Any(p => p is "bin" or "obj" or "artifacts");
    }

    private static string ReadVersionPrefix(string root)
    {
        var props = File.ReadAllText(System.IO.Path.Combine(root, "Directory.Build.props"));
        var match = VersionPrefix().Match(props);
        Assert.True(match.Success, "no <VersionPrefix> in Directory.Build.props");
        return match.Groups[1].Value;
    }

    /// <summary>An exclusive lock across processes (FileShare.None is an flock on Unix), held until disposed.</summary>
    private static async Task<FileStream> AcquireLockAsync(string path, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.DeleteOnClose);
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(TimeSpan.FromSeconds(1));
            }
        }
    }

    /// <summary>Feeds of other inputs older than a day are left-overs of earlier edits.</summary>
    private static void PruneOldFeeds(string feedsRoot, string current)
    {
        foreach (var old in Directory.EnumerateDirectories(feedsRoot))
        {
            if (System.IO.Path.GetFileName(old) != current && Directory.GetLastWriteTimeUtc(old) < DateTime.UtcNow.AddDays(-1))
            {
                TryDelete(old);
            }
        }
    }

    private static void TryDelete(string directory)
    {
        try
        {
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    [GeneratedRegex("<VersionPrefix>([^<]+)</VersionPrefix>")]
    private static partial Regex VersionPrefix();
}

/// <summary>A packed local feed: its folder, the version of every package in it, and how the pack went.</summary>
internal sealed record PackedFeed(string Directory, string Version, ProcessResult Pack, bool Reused)
{
    public void EnsurePacked() => Assert.True(Pack.ExitCode == 0, "dotnet pack MatCarv.Sdk.sln failed: " + Pack.Describe());

    public IReadOnlyList<string> Files => System.IO.Directory.Exists(Directory)
        ? System.IO.Directory.EnumerateFiles(Directory).Select(f => System.IO.Path.GetFileName(f)).Order(StringComparer.Ordinal).ToList()
        : [];

    /// <summary>A nuget.config with this feed as the only source besides the machine's own.</summary>
    public string NuGetConfig() => $"""
        <?xml version="1.0" encoding="utf-8"?>
        <configuration>
          <packageSources>
            <add key="matcarv-local" value="{Directory}" />
          </packageSources>
        </configuration>
        """;
}
