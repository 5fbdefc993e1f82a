using System.Security.Cryptography;
using AuditTrail.Webhooks;

namespace AuditTrail.Webhooks.Tests;

/// <summary>The receiver's check takes any header a caller sends, signed or not, and answers false to what it cannot trust.</summary>
public sealed class AuditWebhookSignatureTests
{
    private static readonly byte[] Key = RandomNumberGenerator.GetBytes(32);

    [Theory]
    [InlineData("t=99999999999999,v1=00")]
    [InlineData("t=253402300800,v1=00")]
    [InlineData("t=9223372036854775807,v1=00")]
    [InlineData("t=99999999999999999999,v1=00")]
    [InlineData("t=1,t=2,v1=00,v1=zz")]
    [InlineData("t=,v1=")]
    [InlineData("v1=00")]
    [InlineData("")]
    public void Verify_MalformedOrOutOfRangeHeader_IsFalse_WithoutThrowing(string header)
    {
        var verify = () => AuditWebhookSignature.Verify(Key, header, "{\"records\":[]}"u8, DateTimeOffset.UtcNow, TimeSpan.FromMinutes(5));

        verify.Should().NotThrow().Which.Should().BeFalse();
    }

    [Fact]
    public void Verify_TimestampAtTheEndOfTime_WithAHugeTolerance_IsCheckedNotThrown()
    {
        var body = "{\"records\":[]}"u8.ToArray();
        var header = AuditWebhookSignature.Create(Key, DateTimeOffset.MaxValue, body);

        AuditWebhookSignature.Verify(Key, header, body, DateTimeOffset.UtcNow, TimeSpan.MaxValue).Should().BeTrue();
    }
}
