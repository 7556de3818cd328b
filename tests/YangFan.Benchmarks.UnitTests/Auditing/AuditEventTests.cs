using YangFan.Benchmarks.Domain.Auditing;

namespace YangFan.Benchmarks.UnitTests.Auditing;

public sealed class AuditEventTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 24, 8, 30, 15, TimeSpan.Zero);

    private static AuditEvent Event(long sequence, string previousHash, string summary = "{\"a\":1}", string entityId = "42")
    {
        var hash = AuditEvent.ComputeHash(previousHash,
            AuditEvent.CanonicalContent(sequence, At, null, "Admin", AuditChannels.Api, "user.created", "User", entityId, summary));
        return new AuditEvent
        {
            Sequence = sequence, OccurredAt = At, ActorRole = "Admin", Channel = AuditChannels.Api, Action = "user.created",
            EntityType = "User", EntityId = entityId, Summary = summary, PreviousHash = previousHash, Hash = hash,
        };
    }

    [Fact]
    public void An_untouched_event_matches_its_hash()
    {
        var e = Event(1, AuditEvent.GenesisHash);

        Assert.Equal(e.Hash, e.ExpectedHash());
        Assert.Equal(64, e.Hash!.Length);
    }

    [Fact]
    public void Changing_any_field_changes_the_hash()
    {
        var original = Event(1, AuditEvent.GenesisHash);

        Assert.NotEqual(original.Hash, Event(1, AuditEvent.GenesisHash, summary: "{\"a\":2}").Hash);
        Assert.NotEqual(original.Hash, Event(2, AuditEvent.GenesisHash).Hash);
        Assert.NotEqual(original.Hash, Event(1, new string('1', 64)).Hash);
        Assert.NotEqual(original.Hash, Event(1, AuditEvent.GenesisHash, entityId: "43").Hash);
    }

    [Fact]
    public void An_unsealed_event_has_no_place_and_no_expected_hash_until_the_sealer_gives_it_one()
    {
        var unsealed = new AuditEvent
        {
            OccurredAt = At, ActorRole = "Admin", Channel = AuditChannels.Api, Action = "user.created",
            EntityType = "User", EntityId = "42", Summary = "{\"a\":1}",
        };

        Assert.Null(unsealed.ExpectedHash());
        Assert.Equal(Event(1, AuditEvent.GenesisHash).Hash, unsealed.HashAt(1, AuditEvent.GenesisHash));
    }

    [Fact]
    public void Moving_text_between_adjacent_fields_cannot_produce_the_same_content()
    {
        var a = AuditEvent.CanonicalContent(1, At, null, null, "api", "user.created", "User", "ab", "c");
        var b = AuditEvent.CanonicalContent(1, At, null, null, "api", "user.created", "User", "a", "bc");

        Assert.NotEqual(a, b);
    }

    [Fact]
    public void Time_is_kept_to_whole_microseconds_so_both_databases_round_trip_it_exactly()
    {
        var precise = new DateTimeOffset(2026, 11, 24, 8, 30, 15, TimeSpan.FromHours(8)).AddTicks(1234567);

        var stored = AuditEvent.Truncate(precise);

        Assert.Equal(TimeSpan.Zero, stored.Offset);
        Assert.Equal(0, stored.UtcTicks % 10);
        Assert.Equal(precise.UtcTicks - 7, stored.UtcTicks);
    }
}
