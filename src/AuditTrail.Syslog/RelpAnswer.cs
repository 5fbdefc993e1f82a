using System.Globalization;
using System.Text;

namespace AuditTrail.Syslog;

/// <summary>The data of a RELP <c>rsp</c> frame: a three-digit status, a text, and on further lines the offers (of an <c>open</c> answer).</summary>
internal sealed record RelpAnswer(int Status, string Text, IReadOnlyList<string> Offers)
{
    /// <summary>Reads the answer; data that does not start with a three-digit status fails naming what came instead.</summary>
    public static RelpAnswer Parse(RelpFrame frame)
    {
        var text = Encoding.UTF8.GetString(frame.Data);
        var lines = text.Split('\n');
        var status = lines[0];
        if (status.Length < 3 || !status[..3].All(char.IsAsciiDigit) || (status.Length > 3 && status[3] != ' '))
        {
            var shown = status.Length > 60 ? status[..60] + "…" : status;
            throw new IOException($"The RELP receiver sent a malformed answer to txnr {frame.Txnr}: '{shown}' does not start with a three-digit status.");
        }

        return new RelpAnswer(
            int.Parse(status[..3], CultureInfo.InvariantCulture),
            status.Length > 4 ? status[4..] : "",
            [.. lines.Skip(1).Where(line => line.Length > 0)]);
    }
}
