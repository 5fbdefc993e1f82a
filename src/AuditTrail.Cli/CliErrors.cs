namespace AuditTrail.Cli;

/// <summary>A wrong command line found after parsing (an option combination, a value the store rejects): exit code 2 with the message.</summary>
internal sealed class CliUsageException(string message) : Exception(message);

/// <summary>The store could not be opened or read: exit code 2 with the message.</summary>
internal sealed class CliConnectionException(string message, Exception? inner = null) : Exception(message, inner);
