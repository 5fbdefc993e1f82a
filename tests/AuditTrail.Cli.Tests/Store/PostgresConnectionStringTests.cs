using AuditTrail.Cli.Tests.Support;

namespace AuditTrail.Cli.Tests.Store;

/// <summary>A <c>--postgres</c> value Npgsql cannot read is refused before any connection, naming the option and never the password.</summary>
public sealed class PostgresConnectionStringTests
{
    [Theory]
    [InlineData("postgresql://auditor:S3cr3tPW@db.example/app", "URI")]
    [InlineData("Host=db.example;Password=S3cr3tPW;Port=abc", "port")]
    [InlineData("Host=db.example;Password=S3cr3tPW;Hots=x", "hots")]
    [InlineData("S3cr3tPW", "Host=")]
    public async Task Verify_UnreadableConnectionString_ExitsTwoNamingTheOption_WithoutThePassword(string connectionString, string hint)
    {
        var (exit, output, error) = await CliRunner.RunAsync("verify", "--postgres", connectionString);

        exit.Should().Be(AuditTrailCommand.UsageOrConnectionError);
        error.Should().Contain("--postgres").And.Contain(hint).And.NotContain("S3cr3tPW");
        output.Should().NotContain("S3cr3tPW");
    }
}
