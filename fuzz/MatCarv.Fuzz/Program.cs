using MatCarv.Fuzz;
using MatCarv.Fuzz.Targets;
using SharpFuzz;

// Usage (fuzz/README.md):
//   MatCarv.Fuzz list                        the targets
//   MatCarv.Fuzz <target>                    run under afl-fuzz (SharpFuzz out-of-process loop; the assemblies instrumented first)
//   MatCarv.Fuzz <target> --libfuzzer        run under libFuzzer (libfuzzer-dotnet)
//   MatCarv.Fuzz replay <target> <path>...   run files or folders through a target once each; exit 1 on the first finding
var targets = FuzzTargets.All.ToDictionary(t => t.Name, StringComparer.Ordinal);
if (args.Length == 0 || args[0] == "list")
{
    foreach (var name in targets.Keys)
    {
        Console.WriteLine(name);
    }

    return args.Length == 0 ? 2 : 0;
}

if (args[0] == "replay" && args.Length >= 3 && targets.TryGetValue(args[1], out var replayed))
{
    foreach (var file in args.Skip(2).SelectMany(p => Directory.Exists(p) ? Directory.EnumerateFiles(p, "*", SearchOption.AllDirectories) : [p]).Order(StringComparer.Ordinal))
    {
        try
        {
            replayed.Run(File.ReadAllBytes(file));
        }
        catch (Exception ex)
        {
            Console.Error.WriteLine($"{file}: {ex}");
            return 1;
        }
    }

    return 0;
}

if (!targets.TryGetValue(args[0], out var target))
{
    Console.Error.WriteLine($"unknown target '{args[0]}'; targets: {string.Join(", ", targets.Keys)}");
    return 2;
}

if (args.Length > 1 && args[1] == "--libfuzzer")
{
    Fuzzer.LibFuzzer.Run(span => target.Run(span));
}
else
{
    Fuzzer.OutOfProcess.Run(stream =>
    {
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        target.Run(buffer.GetBuffer().AsSpan(0, (int)buffer.Length));
    });
}

return 0;
