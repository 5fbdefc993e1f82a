using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace AuditTrail.Tests.Integrity;

/// <summary>
/// The canonical encoding is pinned by committed vectors whose hashes were computed by an independent
/// implementation of docs/integrity.md; a change to the encoding fails here.
/// </summary>
public sealed class AuditChainTests
{
    private sealed record Expected(long Sequence, string CanonicalSha256, string Hash);

    private sealed record Vectors(int EncodingVersion, string Genesis, List<AuditRecord> Records, List<Expected> Expected);

    // The library's generated metadata for the records, reflection for this file's own types.
    private static readonly JsonSerializerOptions VectorOptions = new(AuditJson.Options)
    {
        TypeInfoResolver = JsonTypeInfoResolver.Combine(AuditJson.Options.TypeInfoResolver, new DefaultJsonTypeInfoResolver()),
    };

    // canonical_v1 (records without a target user); canonical_v2 beside canonical_v1 (records with and without one).
    private const string V1Vectors = "chain-vectors.json";
    private const string V2Vectors = "chain-vectors-v2.json";

    private static Vectors Load(string file = V1Vectors) =>
        JsonSerializer.Deserialize<Vectors>(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Integrity", file)), VectorOptions)!;

    [Fact]
    public void ComputeHash_RewrittenSourceIp_HashesTheTextItReplaced_SoOldLinksStillMatch()
    {
        // A migration rewrites "2001:DB8::1" to "2001:db8::1" and keeps the old text beside it: the link must not change.
        var written = Conformance.Support.Some.Record() with { SourceIp = "2001:DB8::1" };
        var migrated = written with { SourceIp = "2001:db8::1", SourceIpAsHashed = "2001:DB8::1" };

        AuditChain.ComputeHash(AuditChain.GenesisHash, 1, migrated).Should().Equal(AuditChain.ComputeHash(AuditChain.GenesisHash, 1, written));
        AuditChain.Canonicalize(1, migrated).Should().Equal(AuditChain.Canonicalize(1, written));
        AuditChain.Canonicalize(1, migrated with { SourceIpAsHashed = null }).Should().NotEqual(AuditChain.Canonicalize(1, written));
    }

    [Theory]
    [InlineData(V1Vectors, AuditChain.EncodingVersion)]
    [InlineData(V2Vectors, AuditChain.TargetUserEncodingVersion)]
    public void ComputeHash_ThreeEventVector_GivesThePinnedHashes(string file, byte newestVersion)
    {
        var vectors = Load(file);
        vectors.EncodingVersion.Should().Be(newestVersion);
        vectors.Records.Max(AuditChain.EncodingVersionOf).Should().Be(newestVersion);
        Convert.ToHexStringLower(AuditChain.GenesisHash).Should().Be(vectors.Genesis);

        var previous = AuditChain.GenesisHash.ToArray();
        for (var i = 0; i < vectors.Records.Count; i++)
        {
            var expected = vectors.Expected[i];
            var canonical = AuditChain.Canonicalize(expected.Sequence, vectors.Records[i]);
            Convert.ToHexStringLower(SHA256.HashData(canonical)).Should().Be(expected.CanonicalSha256, $"record {expected.Sequence} encodes canonically");

            var hash = AuditChain.ComputeHash(previous, expected.Sequence, vectors.Records[i]);
            Convert.ToHexStringLower(hash).Should().Be(expected.Hash);
            previous = hash;
        }
    }

    [Fact]
    public void ComputeHash_AnyFieldOrPositionChange_ChangesTheHash()
    {
        var record = Load().Records[1];
        var genesis = AuditChain.GenesisHash.ToArray();
        var original = Convert.ToHexStringLower(AuditChain.ComputeHash(genesis, 2, record));

        AuditRecord[] variants =
        [
            record with { Description = record.Description + " " },
            record with { TenantId = null },
            record with { FailureReason = "" },
            record with { Actor = record.Actor with { DisplayName = null } },
            record with { OccurredAt = record.OccurredAt.AddTicks(10) },
            record with { Metadata = new Dictionary<string, string>(record.Metadata) { ["Zeta"] = "z" } },
            record with { Resource = null },
            record with { TargetUser = new AuditTargetUser(record.Actor.Id, record.Actor.DisplayName) },
        ];

        foreach (var variant in variants)
        {
            Convert.ToHexStringLower(AuditChain.ComputeHash(genesis, 2, variant)).Should().NotBe(original);
        }

        Convert.ToHexStringLower(AuditChain.ComputeHash(genesis, 3, record)).Should().NotBe(original, "the position is part of the hash");
    }

    [Theory]
    [InlineData(V1Vectors)]
    [InlineData(V2Vectors)]
    public void Encoder_ARecordWrittenPartByPart_HashesAsTheRecordDoes(string file)
    {
        var vectors = Load(file);
        var previous = AuditChain.GenesisHash.ToArray();
        using var encoder = new AuditCanonicalEncoder();
        var computed = new byte[AuditChain.HashLength];
        for (var i = 0; i < vectors.Records.Count; i++)
        {
            var record = vectors.Records[i];
            var sequence = vectors.Expected[i].Sequence;
            encoder.Start(previous, sequence, AuditChain.EncodingVersionOf(record));
            Text(record.Id.ToString("D"));
            encoder.WriteTime(record.OccurredAt);
            encoder.WriteTime(record.RecordedAt);
            Text(record.Actor.Type.ToString());
            Text(record.Actor.Id);
            Text(record.Actor.DisplayName);
            Text(record.Action);
            Text(record.ActionType.ToString());
            Text(record.Outcome.ToString());
            Text(record.FailureReason);
            Text(record.Resource?.Type);
            Text(record.Resource?.Id);
            Text(record.Resource?.Name);
            Text(record.Description);
            var changes = encoder.ReserveCount();
            foreach (var change in record.Changes)
            {
                Text(change.Field);
                Text(change.OldValue);
                Text(change.NewValue);
            }

            encoder.SetCount(changes, record.Changes.Count);
            Text(record.SourceIp);
            Text(record.UserAgent);
            Text(record.CorrelationId);
            Text(record.TenantId);
            var metadata = encoder.ReserveCount();
            foreach (var (key, value) in record.Metadata.OrderBy(pair => pair.Key, StringComparer.Ordinal))
            {
                Text(key);
                Text(value);
            }

            encoder.SetCount(metadata, record.Metadata.Count);
            if (record.TargetUser is { } target)
            {
                Text(target.Id);
                Text(target.DisplayName);
            }

            encoder.ComputeHash(computed);

            Convert.ToHexStringLower(computed).Should().Be(vectors.Expected[i].Hash, $"record {sequence} written part by part");
            previous = computed.ToArray();
        }

        void Text(string? value)
        {
            if (value is null)
            {
                encoder.WriteNull();
            }
            else
            {
                encoder.WriteText(System.Text.Encoding.UTF8.GetBytes(value));
            }
        }
    }

    [Theory]
    [InlineData("0001-01-01T00:00:00.0000000+00:00", "0001-01-01T00:00:00.000000Z")]
    [InlineData("9999-12-31T23:59:59.9999999+00:00", "9999-12-31T23:59:59.999999Z")]
    [InlineData("2026-11-20T14:34:05.1234567+00:00", "2026-11-20T14:34:05.123456Z")]
    [InlineData("2026-11-20T16:34:05.0000019+02:00", "2026-11-20T14:34:05.000001Z")]
    [InlineData("0999-02-28T01:02:03.4000000-05:30", "0999-02-28T06:32:03.400000Z")]
    public void Encoder_Time_IsUtcWithSixTruncatedFractionalDigits(string time, string canonical)
    {
        var value = DateTimeOffset.Parse(time, System.Globalization.CultureInfo.InvariantCulture);
        AuditChain.FormatTime(value).Should().Be(canonical);
        var genesis = AuditChain.GenesisHash.ToArray();
        var expected = new List<byte>(genesis) { AuditChain.EncodingVersion, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 27 };
        expected.AddRange(System.Text.Encoding.ASCII.GetBytes(canonical));
        using var encoder = new AuditCanonicalEncoder();
        var hash = new byte[AuditChain.HashLength];

        encoder.Start(genesis, 1);
        encoder.WriteTime(value);
        encoder.ComputeHash(hash);

        hash.Should().Equal(SHA256.HashData(expected.ToArray()));
    }

    [Fact]
    public void Encoder_ManyTimesOneAfterAnother_EachIsWrittenAsFormatTimeWritesIt()
    {
        // Neighbouring times share their minute (the encoder then writes only seconds and microseconds), jump
        // minutes, hours and days, and go back in time.
        var random = new Random(20261201);
        var time = new DateTimeOffset(2026, 12, 31, 23, 58, 0, TimeSpan.Zero);
        var genesis = AuditChain.GenesisHash.ToArray();
        using var encoder = new AuditCanonicalEncoder();
        var hash = new byte[AuditChain.HashLength];
        for (var i = 0; i < 2_000; i++)
        {
            time = time.AddTicks(random.Next(5) switch
            {
                0 => random.Next(10, 10_000_000),
                1 => random.NextInt64(TimeSpan.TicksPerMinute, TimeSpan.TicksPerDay),
                2 => -random.Next(10, 100_000_000),
                _ => random.Next(10, 600_000_000),
            });
            var expected = new List<byte>(genesis) { AuditChain.EncodingVersion, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 27 };
            expected.AddRange(System.Text.Encoding.ASCII.GetBytes(AuditChain.FormatTime(time)));

            encoder.Start(genesis, 1);
            encoder.WriteTime(time);
            encoder.ComputeHash(hash);

            hash.Should().Equal(SHA256.HashData(expected.ToArray()), $"time {i} is {AuditChain.FormatTime(time)}");
        }
    }

    [Fact]
    public void FormatTimeUtf8_MatchesTheFormatString_ForTimesAcrossTheRange()
    {
        var random = new Random(20261202);
        var times = new List<DateTimeOffset>
        {
            DateTimeOffset.MinValue,
            DateTimeOffset.MaxValue,
            DateTimeOffset.UnixEpoch,
            new(2026, 12, 31, 23, 59, 59, TimeSpan.Zero),
            new DateTimeOffset(2026, 3, 1, 0, 0, 0, TimeSpan.FromHours(5)).AddTicks(9_999_999),
            new DateTimeOffset(999, 1, 2, 3, 4, 5, TimeSpan.FromHours(-11)).AddTicks(10),
        };
        for (var i = 0; i < 1000; i++)
        {
            var ticks = random.NextInt64(DateTimeOffset.MinValue.UtcTicks + TimeSpan.TicksPerDay, DateTimeOffset.MaxValue.UtcTicks - TimeSpan.TicksPerDay);
            times.Add(new DateTimeOffset(ticks, TimeSpan.Zero).ToOffset(TimeSpan.FromMinutes(random.Next(-14 * 60, 14 * 60))));
        }

        // What the encoder hashes and the CSV export writes.
        var utf8 = new byte[AuditChain.TimeLength + 1];
        foreach (var time in times)
        {
            AuditChain.FormatTimeUtf8(time, utf8);
            System.Text.Encoding.ASCII.GetString(utf8, 0, AuditChain.TimeLength).Should().Be(
                time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", System.Globalization.CultureInfo.InvariantCulture), $"the time {time:O}");
        }
    }
}
