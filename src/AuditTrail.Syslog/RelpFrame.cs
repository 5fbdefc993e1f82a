namespace AuditTrail.Syslog;

/// <summary>One RELP frame: <c>TXNR SP COMMAND SP DATALEN [SP DATA] LF</c> (the RELP specification, librelp).</summary>
/// <param name="Txnr">The transaction number: 1 to 999 999 999, or 0 for a frame the receiver starts (<c>serverclose</c>).</param>
/// <param name="Command">The command, such as <c>open</c>, <c>syslog</c>, <c>rsp</c>, <c>close</c> or <c>serverclose</c>.</param>
/// <param name="Data">The data, empty when DATALEN is 0.</param>
internal sealed record RelpFrame(int Txnr, string Command, byte[] Data);
