using System.Globalization;

namespace AuditTrail.FaultHost;

/// <summary>Prints "spooled {n}" whenever events went to the spool, so the test knows the spool was exercised.</summary>
internal sealed class SpoolReporter : IAuditFailureListener
{
    public void OnFailure(AuditFailure failure)
    {
        if (failure.Outcome == AuditFailureOutcome.Spooled)
        {
            Console.Out.WriteLine("spooled " + failure.EventIds.Count.ToString(CultureInfo.InvariantCulture));
        }
    }
}
