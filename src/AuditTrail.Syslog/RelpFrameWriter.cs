using System.Globalization;
using System.Text;

namespace AuditTrail.Syslog;

/// <summary>Writes RELP frames: <c>TXNR SP COMMAND SP DATALEN [SP DATA] LF</c>, the data octet-counted (it may hold line feeds).</summary>
internal static class RelpFrameWriter
{
    /// <summary>The highest transaction number; the next one after it is 1 again (0 is the receiver's).</summary>
    public const int MaxTxnr = 999_999_999;

    public static void Write(Stream target, int txnr, string command, ReadOnlySpan<byte> data)
    {
        target.Write(Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{txnr} {command} {data.Length}")));
        if (data.Length > 0)
        {
            target.WriteByte((byte)' ');
            target.Write(data);
        }

        target.WriteByte((byte)'\n');
    }

    /// <summary>The transaction number after <paramref name="txnr"/>.</summary>
    public static int Next(int txnr) => txnr >= MaxTxnr ? 1 : txnr + 1;
}
