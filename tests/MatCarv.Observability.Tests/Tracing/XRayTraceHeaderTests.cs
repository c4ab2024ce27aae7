using CsCheck;
using MatCarv.Observability.Tracing.Propagation;

namespace MatCarv.Observability.Tests.Tracing;

public sealed class XRayTraceHeaderTests
{
    private static readonly Gen<string> Hex16 = Gen.Char["0123456789abcdef"].Array[16].Select(c => new string(c));
    private static readonly Gen<string> Root = Gen.Char["0123456789abcdef"].Array[32].Select(c => "1-" + new string(c, 0, 8) + "-" + new string(c, 8, 24));
    private static readonly Gen<string> Lineage = Gen.Select(Gen.Int[0, 32767], Gen.Char["0123456789abcdef"].Array[8], Gen.Int[0, 255], (l, h, r) => $"{l}:{new string(h)}:{r}");
    private static readonly Gen<string> Space = Gen.OneOf("", " ", "  ", "\t");
    private static readonly Gen<string> UnknownKey = Gen.Char["abcdefghijklmnopqrstuvwxyz"].Array[1, 8].Select(c => "x" + new string(c));

    [Fact]
    public void Any_order_whitespace_unknown_keys_and_duplicates_parse_to_the_first_values()
    {
        var gen = Gen.Select(Root, Hex16.Null(), Gen.OneOf<bool?>(true, false, null), Lineage.Null(), UnknownKey.List[0, 3], Gen.Int[0, 1000], Space)
            .Select((root, parent, sampled, lineage, unknown, seed, space) => (root, parent, sampled, lineage, unknown, seed, space));
        gen.Sample(t =>
        {
            var parts = new List<string> { "Root=" + t.root };
            if (t.parent is not null)
            {
                parts.Add("Parent=" + t.parent);
            }

            if (t.sampled is not null)
            {
                parts.Add("Sampled=" + (t.sampled.Value ? "1" : "0"));
            }

            if (t.lineage is not null)
            {
                parts.Add("Lineage=" + t.lineage);
            }

            parts.AddRange(t.unknown.Select((k, i) => k + i + "=v" + i));
            parts.Add("Self=1-67891233-abcdef012345678912345678");
            var random = new Random(t.seed);
            var shuffled = parts.OrderBy(_ => random.Next()).ToList();

            // Duplicates come after the first occurrence and must not win (nor throw, as the .NET X-Ray SDK's ToDictionary did).
            shuffled.Add("Root=1-00000000-000000000000000000000000");
            if (t.parent is not null)
            {
                shuffled.Add("Parent=ffffffffffffffff");
            }

            if (t.sampled is not null)
            {
                shuffled.Add("Sampled=" + (t.sampled == true ? "0" : "1"));
            }

            if (t.lineage is not null)
            {
                shuffled.Add("Lineage=1:ffffffff:1");
            }
            var text = string.Join(";", shuffled.Select(p => t.space + p.Replace("=", t.space + "=" + t.space, StringComparison.Ordinal) + t.space));
            if (text.Length > XRayTraceHeader.MaxLength)
            {
                Assert.False(XRayTraceHeader.TryParse(text, out _));
                return;
            }

            Assert.True(XRayTraceHeader.TryParse(text, out var header), text);
            Assert.Equal(t.root, header.Root);
            Assert.Equal(t.parent, header.Parent);
            if (t.sampled is not null)
            {
                Assert.Equal(t.sampled, header.Sampled);
            }

            Assert.Equal(t.lineage, header.Lineage);
            Assert.DoesNotContain("Self=", header.ToString(), StringComparison.Ordinal);

            // Formatting is canonical and round-trips.
            Assert.True(XRayTraceHeader.TryParse(header.ToString(), out var again));
            Assert.Equal(header.ToString(), again.ToString());
            Assert.Equal(header.Root, XRayTraceId.Format(header.ToActivityTraceId()));
        });
    }

    [Fact]
    public void Malformed_headers_never_throw_and_are_rejected_without_a_valid_root()
    {
        Gen.String.Sample(text =>
        {
            var ok = XRayTraceHeader.TryParse(text, out var header);
            if (ok)
            {
                Assert.True(XRayTraceId.IsValid(header!.Root));
            }
        });

        Assert.False(XRayTraceHeader.TryParse(null, out _));
        Assert.False(XRayTraceHeader.TryParse("", out _));
        Assert.False(XRayTraceHeader.TryParse("Parent=53995c3f42cd8ad8;Sampled=1", out _));
        Assert.False(XRayTraceHeader.TryParse("Root=1-5759e988-bd862e3fe1be46a99427279;Sampled=1", out _));
        Assert.False(XRayTraceHeader.TryParse("Root=2-5759e988-bd862e3fe1be46a994272793", out _));
        Assert.False(XRayTraceHeader.TryParse("Root=1-5759e988-bd862e3fe1be46a994272793;" + new string('x', 250) + "=1", out _));
        Assert.True(XRayTraceHeader.TryParse("Root=1-5759E988-BD862E3FE1BE46A994272793;Parent=zz;Sampled=?;=;;novalue", out var lenient));
        Assert.Equal("1-5759e988-bd862e3fe1be46a994272793", lenient.Root);
        Assert.Null(lenient.Parent);
        Assert.Null(lenient.Sampled);
    }

    [Fact]
    public void XRay_trace_ids_and_W3C_trace_ids_carry_the_same_bits()
    {
        Root.Sample(root =>
        {
            var w3c = XRayTraceId.ToActivityTraceId(root);
            Assert.Equal(root, XRayTraceId.Format(w3c));
            Assert.Equal(root.Substring(2, 8) + root.Substring(11), w3c.ToHexString());
        });
    }

    [Fact]
    public void Generated_trace_ids_are_distinct_and_start_with_the_clock_second()
    {
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.FromUnixTimeSeconds(0x6b088956));
        var ids = Enumerable.Range(0, 10_000).Select(_ => XRayTraceId.Format(XRayTraceId.NewActivityTraceId(time))).ToList();
        Assert.All(ids, id => Assert.StartsWith("1-6b088956-", id, StringComparison.Ordinal));
        Assert.Equal(ids.Count, ids.Distinct().Count());
    }
}
