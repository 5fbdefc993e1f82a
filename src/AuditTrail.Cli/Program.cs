using AuditTrail.Cli;

return await AuditTrailCommand.RunAsync(args, Console.Out, Console.Error);
