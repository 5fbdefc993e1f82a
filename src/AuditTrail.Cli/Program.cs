using AuditTrail.Cli;

using var signals = CliSignals.Register();
return await AuditTrailCommand.RunAsync(args, Console.Out, Console.Error, signals.Token);
