using System.Collections.Immutable;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;

namespace MatCarv.Observability.Tests.Architecture;

/// <summary>
/// Which namespaces of an assembly use which, read from the compiled assembly itself (not from <c>using</c> directives,
/// which miss partially qualified names and code in a parent namespace): base types, interfaces, field and method
/// signatures, and every type, method and field token in every method body's IL.
/// </summary>
internal static class NamespaceGraph
{
    /// <summary>Edges from each namespace under <paramref name="root"/> to the others under it that its code uses.</summary>
    public static Dictionary<string, HashSet<string>> Read(string assemblyPath, string root)
    {
        using var stream = File.OpenRead(assemblyPath);
        using var pe = new PEReader(stream);
        var md = pe.GetMetadataReader();
        var provider = new NamespaceCollector(md);
        var edges = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (var handle in md.TypeDefinitions)
        {
            var owner = NamespaceOf(md, handle);
            if (!InRoot(owner, root))
            {
                continue;
            }

            var used = new HashSet<string>(StringComparer.Ordinal);
            provider.Target = used;
            var type = md.GetTypeDefinition(handle);
            provider.AddEntity(type.BaseType);
            foreach (var i in type.GetInterfaceImplementations())
            {
                provider.AddEntity(md.GetInterfaceImplementation(i).Interface);
            }

            foreach (var f in type.GetFields())
            {
                md.GetFieldDefinition(f).DecodeSignature(provider, null);
            }

            foreach (var m in type.GetMethods())
            {
                var method = md.GetMethodDefinition(m);
                method.DecodeSignature(provider, null);
                if (method.RelativeVirtualAddress != 0)
                {
                    var body = pe.GetMethodBody(method.RelativeVirtualAddress);
                    if (!body.LocalSignature.IsNil)
                    {
                        md.GetStandaloneSignature(body.LocalSignature).DecodeLocalSignature(provider, null);
                    }

                    foreach (var token in IlTokens(body.GetILBytes()!))
                    {
                        provider.AddEntity(MetadataTokens.EntityHandle(token));
                    }
                }
            }

            used.Remove(owner);
            if (!edges.TryGetValue(owner, out var set))
            {
                edges[owner] = set = new HashSet<string>(StringComparer.Ordinal);
            }

            set.UnionWith(used.Where(n => InRoot(n, root)));
        }

        return edges;
    }

    /// <summary>
    /// Cycles among siblings, at every level of the namespace tree: for each namespace, its child namespaces (each standing for
    /// itself and everything below it) must not depend on each other in a cycle. The parent itself is left out: it composes
    /// its children (the root's <c>MatCarvTelemetry</c>, a signal's registration) and may use them as they use its shared
    /// types. The result lists every sibling dependency that lies on such a cycle, as <c>parent: A -> B</c>, sorted.
    /// </summary>
    public static List<string> SiblingCycleEdges(Dictionary<string, HashSet<string>> edges, string root)
    {
        var all = edges.Keys.Concat(edges.Values.SelectMany(v => v)).Distinct(StringComparer.Ordinal).ToList();
        // Every namespace and every prefix of one under the root (a folder holding only folders is a parent too).
        var parents = all.SelectMany(n => n.Split('.').Select((_, i) => string.Join('.', n.Split('.')[..(i + 1)])))
            .Where(n => InRoot(n, root)).Distinct(StringComparer.Ordinal);
        var found = new List<string>();
        foreach (var parent in parents.Order(StringComparer.Ordinal))
        {
            string? ChildOf(string ns) =>
                ns.StartsWith(parent + ".", StringComparison.Ordinal) ? parent + "." + ns[(parent.Length + 1)..].Split('.')[0] : null;

            var collapsed = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
            foreach (var (from, tos) in edges)
            {
                if (ChildOf(from) is not { } a)
                {
                    continue;
                }

                foreach (var to in tos)
                {
                    if (ChildOf(to) is { } b && b != a)
                    {
                        if (!collapsed.TryGetValue(a, out var set))
                        {
                            collapsed[a] = set = new HashSet<string>(StringComparer.Ordinal);
                        }

                        set.Add(b);
                    }
                }
            }

            foreach (var cycle in Cycles(collapsed))
            {
                var members = new HashSet<string>(cycle, StringComparer.Ordinal);
                foreach (var from in cycle)
                {
                    found.AddRange(collapsed[from].Where(members.Contains).Select(to =>
                        $"{parent}: {from[(parent.Length + 1)..]} -> {to[(parent.Length + 1)..]}"));
                }
            }
        }

        found.Sort(StringComparer.Ordinal);
        return found;
    }

    /// <summary>Strongly connected groups of more than one namespace (Tarjan), each sorted.</summary>
    public static List<List<string>> Cycles(Dictionary<string, HashSet<string>> edges)
    {
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        var low = new Dictionary<string, int>(StringComparer.Ordinal);
        var stack = new Stack<string>();
        var onStack = new HashSet<string>(StringComparer.Ordinal);
        var result = new List<List<string>>();
        int next = 0;

        void Visit(string v)
        {
            index[v] = low[v] = next++;
            stack.Push(v);
            onStack.Add(v);
            foreach (var w in edges.TryGetValue(v, out var ws) ? ws : [])
            {
                if (!index.ContainsKey(w))
                {
                    Visit(w);
                    low[v] = Math.Min(low[v], low[w]);
                }
                else if (onStack.Contains(w))
                {
                    low[v] = Math.Min(low[v], index[w]);
                }
            }

            if (low[v] == index[v])
            {
                var group = new List<string>();
                string w;
                do
                {
                    w = stack.Pop();
                    onStack.Remove(w);
                    group.Add(w);
                }
                while (w != v);
                if (group.Count > 1)
                {
                    group.Sort(StringComparer.Ordinal);
                    result.Add(group);
                }
            }
        }

        foreach (var v in edges.Keys.Order(StringComparer.Ordinal))
        {
            if (!index.ContainsKey(v))
            {
                Visit(v);
            }
        }

        return result;
    }

    private static bool InRoot(string ns, string root) => ns == root || ns.StartsWith(root + ".", StringComparison.Ordinal);

    private static string NamespaceOf(MetadataReader md, TypeDefinitionHandle handle)
    {
        var type = md.GetTypeDefinition(handle);
        while (type.GetDeclaringType() is { IsNil: false } outer)
        {
            type = md.GetTypeDefinition(outer);
        }

        return md.GetString(type.Namespace);
    }

    /// <summary>The metadata tokens in an IL stream (operands of the token-taking opcodes).</summary>
    private static IEnumerable<int> IlTokens(byte[] il)
    {
        int i = 0;
        while (i < il.Length)
        {
            int code = il[i++];
            if (code == 0xFE)
            {
                code = 0xFE00 | il[i++];
            }

            var operand = OperandSize(code, il, i);
            if (operand.IsToken)
            {
                yield return BitConverter.ToInt32(il, i);
            }

            i += operand.Size;
        }
    }

    private readonly record struct Operand(int Size, bool IsToken);

    // ECMA-335 III: operand sizes by opcode.
    private static Operand OperandSize(int code, byte[] il, int at) => code switch
    {
        // ldarg.s ldarga.s starg.s ldloc.s ldloca.s stloc.s ldc.i4.s, br.s .. blt.un.s, leave.s, unaligned.
        0x0E or 0x0F or 0x10 or 0x11 or 0x12 or 0x13 or 0x1F or (>= 0x2B and <= 0x37) or 0xDE or 0xFE12 or 0xFE19 => new(1, false),
        // ldarg ldarga starg ldloc ldloca stloc (2-byte index).
        0xFE09 or 0xFE0A or 0xFE0B or 0xFE0C or 0xFE0D or 0xFE0E => new(2, false),
        // ldc.i4, ldc.r4, br .. blt.un, leave (4-byte).
        0x20 or 0x22 or (>= 0x38 and <= 0x44) or 0xDD => new(4, false),
        // ldc.i8, ldc.r8.
        0x21 or 0x23 => new(8, false),
        // switch: count + count targets.
        0x45 => new(4 + (4 * BitConverter.ToInt32(il, at)), false),
        // jmp call callvirt cpobj ldobj newobj castclass isinst unbox ldfld ldflda stfld ldsfld ldsflda stsfld stobj box newarr
        // ldelema ldelem stelem unbox.any refanyval mkrefany ldtoken ldftn ldvirtftn initobj constrained. sizeof: a type,
        // method or field token.
        0x27 or 0x28 or 0x6F or 0x70 or 0x71 or 0x73 or 0x74 or 0x75 or 0x79 or 0x7B or 0x7C or 0x7D or 0x7E or 0x7F
            or 0x80 or 0x81 or 0x8C or 0x8D or 0x8F or 0xA3 or 0xA4 or 0xA5 or 0xC2 or 0xC6 or 0xD0 or 0xFE06 or 0xFE07
            or 0xFE15 or 0xFE16 or 0xFE1C => new(4, true),
        // calli (a stand-alone signature) and ldstr (a user string): tokens that name no type.
        0x29 or 0x72 => new(4, false),
        _ => new(0, false),
    };

    /// <summary>Adds the namespace of every type a signature or token names to <see cref="Target"/>.</summary>
    private sealed class NamespaceCollector(MetadataReader md) : ISignatureTypeProvider<object?, object?>
    {
        public HashSet<string> Target { get; set; } = [];

        public void AddEntity(EntityHandle handle)
        {
            if (handle.IsNil)
            {
                return;
            }

            switch (handle.Kind)
            {
                case HandleKind.TypeDefinition:
                    Target.Add(NamespaceOf(md, (TypeDefinitionHandle)handle));
                    break;
                case HandleKind.TypeSpecification:
                    md.GetTypeSpecification((TypeSpecificationHandle)handle).DecodeSignature(this, null);
                    break;
                case HandleKind.MethodDefinition:
                    Target.Add(NamespaceOf(md, md.GetMethodDefinition((MethodDefinitionHandle)handle).GetDeclaringType()));
                    break;
                case HandleKind.FieldDefinition:
                    Target.Add(NamespaceOf(md, md.GetFieldDefinition((FieldDefinitionHandle)handle).GetDeclaringType()));
                    break;
                case HandleKind.MemberReference:
                    var member = md.GetMemberReference((MemberReferenceHandle)handle);
                    AddEntity(member.Parent);
                    if (member.GetKind() == MemberReferenceKind.Method)
                    {
                        member.DecodeMethodSignature(this, null);
                    }
                    else
                    {
                        member.DecodeFieldSignature(this, null);
                    }

                    break;
                case HandleKind.MethodSpecification:
                    var spec = md.GetMethodSpecification((MethodSpecificationHandle)handle);
                    AddEntity(spec.Method);
                    spec.DecodeSignature(this, null);
                    break;
            }
        }

        public object? GetTypeFromDefinition(MetadataReader reader, TypeDefinitionHandle handle, byte rawTypeKind)
        {
            Target.Add(NamespaceOf(md, handle));
            return null;
        }

        public object? GetArrayType(object? elementType, ArrayShape shape) => null;
        public object? GetByReferenceType(object? elementType) => null;
        public object? GetFunctionPointerType(MethodSignature<object?> signature) => null;
        public object? GetGenericInstantiation(object? genericType, ImmutableArray<object?> typeArguments) => null;
        public object? GetGenericMethodParameter(object? genericContext, int index) => null;
        public object? GetGenericTypeParameter(object? genericContext, int index) => null;
        public object? GetModifiedType(object? modifier, object? unmodifiedType, bool isRequired) => null;
        public object? GetPinnedType(object? elementType) => null;
        public object? GetPointerType(object? elementType) => null;
        public object? GetPrimitiveType(PrimitiveTypeCode typeCode) => null;
        public object? GetSZArrayType(object? elementType) => null;
        public object? GetTypeFromReference(MetadataReader reader, TypeReferenceHandle handle, byte rawTypeKind) => null;
        public object? GetTypeFromSpecification(MetadataReader reader, object? genericContext, TypeSpecificationHandle handle, byte rawTypeKind) => null;
    }
}
