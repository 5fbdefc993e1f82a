using System.Collections.Concurrent;

namespace AuditTrail.Delivery.Tests.Support;

/// <summary>Keeps every failure the pipeline reports.</summary>
public sealed class RecordingFailureListener : IAuditFailureListener
{
    public ConcurrentQueue<AuditFailure> Failures { get; } = new();

    public void OnFailure(AuditFailure failure) => Failures.Enqueue(failure);
}
