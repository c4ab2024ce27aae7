using CsCheck;
using MatCarv.HealthEvents.Publishing;

namespace MatCarv.HealthEvents.Tests.Publishing;

public sealed class EventIdsTests
{
    [Fact]
    public void Ids_are_RFC_9562_version_8_and_unique_per_sequence_within_a_run()
    {
        Gen.Guid.Sample(run =>
        {
            var runBytes = EventIds.ToBigEndianBytes(run);
            var ids = new HashSet<Guid>();
            for (long sequence = 1; sequence <= 2000; sequence++)
            {
                var id = EventIds.Create(runBytes, sequence);
                Assert.True(ids.Add(id));
                var text = id.ToString();
                Assert.Equal('8', text[14]);               // version nibble
                Assert.Contains(text[19], "89ab");         // variant 10xx
            }
        }, iter: 50);
    }

    [Fact]
    public void The_same_sequence_in_two_runs_gets_different_ids()
    {
        var a = EventIds.Create(EventIds.ToBigEndianBytes(Guid.NewGuid()), 1);
        var b = EventIds.Create(EventIds.ToBigEndianBytes(Guid.NewGuid()), 1);
        Assert.NotEqual(a, b);
    }
}
