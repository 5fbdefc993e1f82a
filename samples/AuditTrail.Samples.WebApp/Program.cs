// The server-monitoring console sample: dotnet run --project samples/AuditTrail.Samples.WebApp [-- --db <file>]
await AuditTrail.Samples.WebApp.MonitoringApp.Create(args).RunAsync();
