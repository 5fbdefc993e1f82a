using AuditTrail.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace AuditTrail.Tests.Erasure;

/// <summary>The pseudonym of an erased actor, the key's validation, and an erasure on a store that cannot erase.</summary>
public sealed class AuditErasureTests
{
    private static readonly byte[] Key = [.. Enumerable.Range(1, 32).Select(i => (byte)i)];

    [Fact]
    public void Pseudonym_IsStablePerKeyAndId_AndLooksLikeOne()
    {
        var pseudonym = AuditPseudonym.For(Key, "u-erin");

        pseudonym.Should().Be(AuditPseudonym.For(Key, "u-erin")).And.StartWith(AuditPseudonym.Prefix).And.HaveLength(AuditPseudonym.Prefix.Length + 32);
        pseudonym.Should().MatchRegex("^erased-[a-z2-7]{32}$");
        AuditPseudonym.IsPseudonym(pseudonym).Should().BeTrue();
        AuditPseudonym.For(Key, "u-erik").Should().NotBe(pseudonym);
        AuditPseudonym.For([.. Key.Reverse()], "u-erin").Should().NotBe(pseudonym, "another key gives another pseudonym");
        AuditPseudonym.IsPseudonym("erased-bob").Should().BeFalse();
        AuditPseudonym.IsPseudonym("u-erin").Should().BeFalse();
    }

    [Fact]
    public async Task HostStart_PseudonymKeyTooShort_FailsNamingTheOption()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddAuditTrail(o => o.Erasure.PseudonymKey = [1, 2, 3]).UseStore(_ => new FakeAuditStore());
        using var host = builder.Build();

        var act = () => host.StartAsync();

        (await act.Should().ThrowAsync<OptionsValidationException>()).Which.Failures.Should().ContainSingle()
            .Which.Should().StartWith("AuditTrailOptions.Erasure.PseudonymKey is 3 byte(s); it must be at least 32");
    }

    [Fact]
    public async Task Erase_WithoutKey_OrOnAStoreThatCannotErase_Throws()
    {
        await using var withoutKey = new ServiceCollection().AddAuditTrail().UseStore(_ => new FakeAuditStore()).Services.BuildServiceProvider();
        await using var withKey = new ServiceCollection().AddAuditTrail(o => o.Erasure.PseudonymKey = Key).UseStore(_ => new FakeAuditStore()).Services.BuildServiceProvider();

        var off = () => withoutKey.GetRequiredService<IAuditErasure>().EraseActorAsync("u-erin", AuditActor.System);
        var unsupported = () => withKey.GetRequiredService<IAuditErasure>().EraseActorAsync("u-erin", AuditActor.System);

        await off.Should().ThrowAsync<InvalidOperationException>().WithMessage("*Erasure.PseudonymKey*");
        await unsupported.Should().ThrowAsync<NotSupportedException>().WithMessage("*IAuditErasureStore*");
    }
}
