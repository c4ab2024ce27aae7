using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Runtime.CompilerServices;
using MatCarv.Observability;

namespace MatCarv.HealthEvents.Tests.Compatibility;

/// <summary>
/// MatCarv.HealthEvents is built on MatCarv.Observability's public contract only, so any MatCarv.Observability in its
/// dependency range binds: read from the compiled assembly's metadata, every type and member it references there is public
/// (or protected, for the overrides of <c>TelemetrySignal</c>), and MatCarv.Observability grants its internals to no shipped
/// package.
/// </summary>
public sealed class PublicContractTests
{
    private static readonly Assembly Observability = typeof(MatCarvTelemetry).Assembly;
    private static readonly Assembly HealthEvents = typeof(HealthEventsOptions).Assembly;

    [Fact]
    public void MatCarv_Observability_grants_internals_only_to_tests_and_benchmarks()
    {
        var friends = Observability.GetCustomAttributes<InternalsVisibleToAttribute>().Select(a => a.AssemblyName).ToArray();
        Assert.All(friends, name => Assert.True(
            name.EndsWith(".Tests", StringComparison.Ordinal) || name.EndsWith(".Benchmarks", StringComparison.Ordinal),
            $"MatCarv.Observability grants its internals to {name}, which may ship on its own version."));
        Assert.DoesNotContain(HealthEvents.GetName().Name, friends);
    }

    [Fact]
    public void Every_reference_of_MatCarv_HealthEvents_into_MatCarv_Observability_is_public_API()
    {
        using var stream = File.OpenRead(HealthEvents.Location);
        using var pe = new PEReader(stream);
        var md = pe.GetMetadataReader();
        var referenced = ReferencedObservabilityTypes(md);
        Assert.Contains("MatCarv.Observability.Extensibility.TelemetrySignal", referenced.Values);

        foreach (var (handle, name) in referenced)
        {
            var type = Observability.GetType(name, throwOnError: false);
            Assert.True(type is not null, $"{name} is not in MatCarv.Observability.");
            Assert.True(type!.IsVisible, $"MatCarv.HealthEvents references {name}, which is not public.");
        }

        int members = 0;
        foreach (var memberHandle in md.MemberReferences)
        {
            var member = md.GetMemberReference(memberHandle);
            if (member.Parent.Kind != HandleKind.TypeReference || !referenced.TryGetValue((TypeReferenceHandle)member.Parent, out var typeName))
            {
                continue;
            }

            var type = Observability.GetType(typeName, throwOnError: true)!;
            var name = md.GetString(member.Name);
            var candidates = type.GetMember(name, BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.FlattenHierarchy);
            Assert.True(
                candidates.Any(IsReachableFromAnotherAssembly),
                $"MatCarv.HealthEvents calls {typeName}.{name}, which is not public or protected in MatCarv.Observability.");
            members++;
        }

        Assert.True(members > 10, $"Only {members} member references found; the metadata walk is broken.");
    }

    private static bool IsReachableFromAnotherAssembly(MemberInfo member) => member switch
    {
        MethodBase m => m.IsPublic || m.IsFamily || m.IsFamilyOrAssembly,
        FieldInfo f => f.IsPublic || f.IsFamily || f.IsFamilyOrAssembly,
        _ => true, // properties and events are reached through their accessor methods, checked as methods
    };

    private static Dictionary<TypeReferenceHandle, string> ReferencedObservabilityTypes(MetadataReader md)
    {
        var result = new Dictionary<TypeReferenceHandle, string>();
        foreach (var handle in md.TypeReferences)
        {
            if (ObservabilityName(md, handle) is { } name)
            {
                result[handle] = name;
            }
        }

        return result;
    }

    /// <summary>The reflection name (<c>Namespace.Outer+Inner</c>) when the reference resolves into MatCarv.Observability.</summary>
    private static string? ObservabilityName(MetadataReader md, TypeReferenceHandle handle)
    {
        var type = md.GetTypeReference(handle);
        var scope = type.ResolutionScope;
        switch (scope.Kind)
        {
            case HandleKind.AssemblyReference:
                var assembly = md.GetAssemblyReference((AssemblyReferenceHandle)scope);
                if (md.GetString(assembly.Name) != "MatCarv.Observability")
                {
                    return null;
                }

                var ns = md.GetString(type.Namespace);
                return ns.Length == 0 ? md.GetString(type.Name) : ns + "." + md.GetString(type.Name);
            case HandleKind.TypeReference:
                return ObservabilityName(md, (TypeReferenceHandle)scope) is { } outer ? outer + "+" + md.GetString(type.Name) : null;
            default:
                return null;
        }
    }
}
