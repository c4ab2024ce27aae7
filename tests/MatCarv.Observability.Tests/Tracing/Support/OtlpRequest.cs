using Google.Protobuf;

namespace MatCarv.Observability.Tests.Tracing.Support;

/// <summary>
/// A test-only reader of <c>ExportTraceServiceRequest</c>, written from the opentelemetry-proto <c>.proto</c> field numbers on
/// Google.Protobuf's <see cref="CodedInputStream"/>: independent of the SDK's encoder, it fails on anything that is not valid
/// protobuf of that shape (unknown wire types, truncated lengths).
/// </summary>
public sealed class OtlpRequest
{
    public Dictionary<string, object?> Resource { get; } = new();

    public List<Scope> Scopes { get; } = new();

    public IEnumerable<Span> Spans => Scopes.SelectMany(s => s.Spans);

    public static OtlpRequest Parse(byte[] body)
    {
        var request = new OtlpRequest();
        Read(body, (field, input) =>
        {
            Assert.Equal(1, field); // resource_spans
            Read(input.ReadBytes().ToByteArray(), (f, rs) =>
            {
                switch (f)
                {
                    case 1: // resource
                        Read(rs.ReadBytes().ToByteArray(), (rf, r) =>
                        {
                            if (rf == 1)
                            {
                                var (key, value) = ReadKeyValue(r.ReadBytes().ToByteArray());
                                request.Resource[key] = value;
                            }
                            else
                            {
                                r.SkipLastField();
                            }
                        });
                        break;
                    case 2: // scope_spans
                        request.Scopes.Add(Scope.Parse(rs.ReadBytes().ToByteArray()));
                        break;
                    default:
                        rs.SkipLastField();
                        break;
                }
            });
        });
        return request;
    }

    internal static void Read(byte[] bytes, Action<int, CodedInputStream> onField)
    {
        var input = new CodedInputStream(bytes);
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            onField(WireFormat.GetTagFieldNumber(tag), input);
        }
    }

    internal static (string Key, object? Value) ReadKeyValue(byte[] bytes)
    {
        string key = string.Empty;
        object? value = null;
        Read(bytes, (f, kv) =>
        {
            if (f == 1)
            {
                key = kv.ReadString();
            }
            else if (f == 2)
            {
                value = ReadAnyValue(kv.ReadBytes().ToByteArray());
            }
            else
            {
                kv.SkipLastField();
            }
        });
        return (key, value);
    }

    private static object? ReadAnyValue(byte[] bytes)
    {
        object? value = null;
        Read(bytes, (f, any) =>
        {
            value = f switch
            {
                1 => any.ReadString(),
                2 => any.ReadBool(),
                3 => any.ReadInt64(),
                4 => any.ReadDouble(),
                5 => ReadArray(any.ReadBytes().ToByteArray()),
                _ => throw new InvalidDataException("unexpected AnyValue field " + f),
            };
        });
        return value;
    }

    private static object?[] ReadArray(byte[] bytes)
    {
        var items = new List<object?>();
        Read(bytes, (f, a) =>
        {
            Assert.Equal(1, f);
            items.Add(ReadAnyValue(a.ReadBytes().ToByteArray()));
        });
        return [.. items];
    }

    public sealed class Scope
    {
        public string Name { get; private set; } = string.Empty;

        public string Version { get; private set; } = string.Empty;

        public List<Span> Spans { get; } = new();

        internal static Scope Parse(byte[] bytes)
        {
            var scope = new Scope();
            Read(bytes, (f, s) =>
            {
                switch (f)
                {
                    case 1:
                        Read(s.ReadBytes().ToByteArray(), (sf, sc) =>
                        {
                            switch (sf)
                            {
                                case 1: scope.Name = sc.ReadString(); break;
                                case 2: scope.Version = sc.ReadString(); break;
                                default: sc.SkipLastField(); break;
                            }
                        });
                        break;
                    case 2:
                        scope.Spans.Add(Span.Parse(s.ReadBytes().ToByteArray()));
                        break;
                    default:
                        s.SkipLastField();
                        break;
                }
            });
            return scope;
        }
    }

    public sealed class Span
    {
        public string TraceId { get; private set; } = string.Empty;

        public string SpanId { get; private set; } = string.Empty;

        public string TraceState { get; private set; } = string.Empty;

        public string ParentSpanId { get; private set; } = string.Empty;

        public string Name { get; private set; } = string.Empty;

        public int Kind { get; private set; }

        public ulong StartTimeUnixNano { get; private set; }

        public ulong EndTimeUnixNano { get; private set; }

        public Dictionary<string, object?> Attributes { get; } = new();

        public List<(ulong Time, string Name, Dictionary<string, object?> Attributes)> Events { get; } = new();

        public List<(string TraceId, string SpanId, string TraceState, Dictionary<string, object?> Attributes, uint Flags)> Links { get; } = new();

        public int StatusCode { get; private set; }

        public string StatusMessage { get; private set; } = string.Empty;

        public uint Flags { get; private set; }

        internal static Span Parse(byte[] bytes)
        {
            var span = new Span();
            Read(bytes, (f, s) =>
            {
                switch (f)
                {
                    case 1: span.TraceId = Hex(s.ReadBytes()); break;
                    case 2: span.SpanId = Hex(s.ReadBytes()); break;
                    case 3: span.TraceState = s.ReadString(); break;
                    case 4: span.ParentSpanId = Hex(s.ReadBytes()); break;
                    case 5: span.Name = s.ReadString(); break;
                    case 6: span.Kind = s.ReadEnum(); break;
                    case 7: span.StartTimeUnixNano = s.ReadFixed64(); break;
                    case 8: span.EndTimeUnixNano = s.ReadFixed64(); break;
                    case 9:
                        var (key, value) = ReadKeyValue(s.ReadBytes().ToByteArray());
                        span.Attributes[key] = value;
                        break;
                    case 11:
                        ulong time = 0;
                        string name = string.Empty;
                        var attributes = new Dictionary<string, object?>();
                        Read(s.ReadBytes().ToByteArray(), (ef, e) =>
                        {
                            switch (ef)
                            {
                                case 1: time = e.ReadFixed64(); break;
                                case 2: name = e.ReadString(); break;
                                case 3:
                                    var (k, v) = ReadKeyValue(e.ReadBytes().ToByteArray());
                                    attributes[k] = v;
                                    break;
                                default: e.SkipLastField(); break;
                            }
                        });
                        span.Events.Add((time, name, attributes));
                        break;
                    case 13:
                        string traceId = string.Empty, spanId = string.Empty, traceState = string.Empty;
                        uint flags = 0;
                        var linkAttributes = new Dictionary<string, object?>();
                        Read(s.ReadBytes().ToByteArray(), (lf, l) =>
                        {
                            switch (lf)
                            {
                                case 1: traceId = Hex(l.ReadBytes()); break;
                                case 2: spanId = Hex(l.ReadBytes()); break;
                                case 3: traceState = l.ReadString(); break;
                                case 4:
                                    var (k, v) = ReadKeyValue(l.ReadBytes().ToByteArray());
                                    linkAttributes[k] = v;
                                    break;
                                case 6: flags = l.ReadFixed32(); break;
                                default: l.SkipLastField(); break;
                            }
                        });
                        span.Links.Add((traceId, spanId, traceState, linkAttributes, flags));
                        break;
                    case 15:
                        Read(s.ReadBytes().ToByteArray(), (sf, st) =>
                        {
                            switch (sf)
                            {
                                case 2: span.StatusMessage = st.ReadString(); break;
                                case 3: span.StatusCode = st.ReadEnum(); break;
                                default: st.SkipLastField(); break;
                            }
                        });
                        break;
                    case 16: span.Flags = s.ReadFixed32(); break;
                    default: s.SkipLastField(); break;
                }
            });
            return span;
        }

        private static string Hex(ByteString bytes) => Convert.ToHexString(bytes.ToByteArray()).ToLowerInvariant();
    }
}
