using AuditTrail;
using AuditTrail.Samples.Console;
using Microsoft.Extensions.DependencyInjection;

SampleArguments arguments;
try
{
    arguments = SampleArguments.Parse(args);
}
catch (ArgumentException ex)
{
    Console.Error.WriteLine(ex.Message);
    return 2;
}

foreach (var (option, file) in new[] { ("--db", arguments.DatabasePath), ("--export", arguments.ExportPath) })
{
    try
    {
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
    }
    catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
    {
        Console.Error.WriteLine($"Option {option}: the folder of '{file}' cannot be created: {ex.Message}");
        return 2;
    }
}

var signing = SampleSigningKey.EnsureBeside(arguments.DatabasePath);
var services = new ServiceCollection();
services.AddAuditTrail()
    .UseSqlite(arguments.DatabasePath)
    .AddCheckpoints(options =>
    {
        options.SigningKeyPath = signing.PrivateKeyPath;
        options.Directory = signing.CheckpointDirectory;
    });
await using var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });

int recorded;
try
{
    recorded = await new Scenario(provider.GetRequiredService<IAuditLogger>(), provider.GetRequiredService<IAuditContextAccessor>()).RunAsync();
}
catch (AuditWriteException ex)
{
    // A file that is no SQLite database (or one the process may not write) under --db: say so, without a stack trace.
    Console.Error.WriteLine($"Option --db: nothing could be recorded in '{arguments.DatabasePath}': {ex.InnerException?.Message ?? ex.Message}");
    return 2;
}

Console.WriteLine($"Recorded {recorded} events in {arguments.DatabasePath}");

var reader = provider.GetRequiredService<IAuditReader>();
var now = TimeProvider.System.GetUtcNow();

var admin = AuditViewer.Admin(Scenario.John.Id);
var adminPage = await reader.QueryAsync(admin, new AuditQuery { Limit = 25 });
AuditTable.Print(Console.Out, "Audit Logs as John Davis (admin)", adminPage.Items, await reader.CountAsync(admin, new AuditQuery()), now);

var mike = AuditViewer.User(Scenario.Mike.Id);
var mikePage = await reader.QueryAsync(mike, new AuditQuery { Limit = 25 });
AuditTable.Print(Console.Out, "Audit Logs as Mike Johnson (user: his own actions and those done to him)", mikePage.Items, await reader.CountAsync(mike, new AuditQuery()), now);

await using (var file = File.Create(arguments.ExportPath))
{
    var exported = await reader.ExportAsync(admin, new AuditQuery(), AuditExportFormat.Csv, file);
    Console.WriteLine();
    Console.WriteLine($"Exported {exported} events (admin view, CSV) to {arguments.ExportPath}");
}

// No host runs the checkpoint schedule in this short program, so it signs the head once at the end.
var checkpoint = await provider.GetRequiredService<IAuditCheckpointWriter>().CheckpointAsync();
var report = await provider.GetRequiredService<IAuditVerifier>().VerifyAsync();
Console.WriteLine(checkpoint is null
    ? "No new checkpoint: the chain head did not move."
    : $"Signed checkpoint at row {checkpoint.Sequence} (key {checkpoint.KeyId}) in {signing.CheckpointDirectory}");
Console.WriteLine($"Integrity: {(report.IsValid ? "valid" : "PROBLEM: " + report.Problem)}; {report.RowsVerified} rows, {report.CheckpointsVerified} checkpoint(s)");
Console.WriteLine($"Verify it yourself: dotnet run --project src/AuditTrail.Cli -- verify --sqlite \"{arguments.DatabasePath}\" --checkpoints \"{signing.CheckpointDirectory}\" --public-key \"{signing.PublicKeyPath}\"");
return report.IsValid ? 0 : 1;
